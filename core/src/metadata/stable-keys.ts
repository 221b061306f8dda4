import { z } from 'zod';
import { badInput } from '../errors';

/**
 * Stable keys (issue 15, metadata as code): what bundle files name objects, fields, views, roles
 * and indexes by. Ids are global uuids and cannot travel between workspaces; names change on
 * rename. A key is set at creation (given, or the name slugged) and never changes afterwards.
 */
export const STABLE_KEY = /^[a-z][a-zA-Z0-9_]*$/;
export const MAX_KEY_LENGTH = 63;

export const stableKey = z
  .string()
  .regex(STABLE_KEY, 'A key starts with a lower-case letter, then letters, digits and _ (e.g. "deal_stage").')
  .max(MAX_KEY_LENGTH, `Use at most ${MAX_KEY_LENGTH} characters.`);

/**
 * A key from a display name: runs of other characters become `_`, the first letter lower case
 * (`All open deals` -> `all_open_deals`, `dealStage` stays). The StableKeys migration backfills
 * existing rows with the same rule.
 */
export function slugKey(name: string): string {
  const trimmed = name.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const key = /^[a-zA-Z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : `k${trimmed}`;
  return key.slice(0, MAX_KEY_LENGTH - 5);
}

/** The first of `base`, `base_2`, `base_3`... not in `taken`. */
export function freshKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}

/**
 * The key of something new: `explicit` when given (refused with BAD_USER_INPUT at `path` when
 * another one holds it), else a fresh key from its name.
 */
export function newKey(explicit: string | null | undefined, name: string, taken: Iterable<string>, path: string) {
  if (explicit === null || explicit === undefined) return freshKey(slugKey(name), taken);
  if ([...taken].includes(explicit))
    throw badInput(path, `${path}: the key "${explicit}" is already used; choose another.`);
  return explicit;
}
