import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { badInput } from '../errors';
import type { BundleFile } from './bundle-section';

/**
 * A document as YAML text. Key order is the order the exporters build documents in (fixed), no
 * line folding and plain scalars where safe, so the same configuration always gives the same
 * bytes and a change shows as a small diff.
 */
export function toYaml(document: unknown): string {
  return stringify(document, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false, sortMapEntries: false });
}

const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );

/**
 * Parses one bundle file and validates it with `schema`. Any problem is BAD_USER_INPUT with
 * `file` (the file's path) and `field` (the path inside it, e.g. `fields[2].type`).
 */
export function readDocument<S extends z.ZodType>(file: BundleFile, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = parse(file.content, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw badInput('', `${file.path}: not valid YAML (${reason}).`, { file: file.path });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = pathText(issue.path);
  const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
  throw badInput(where, `${file.path}${where ? ` at ${where}` : ''}: ${message}`, { file: file.path });
}

/** A problem found after parsing (a key that names nothing), reported like a parse error. */
export const fileError = (file: string, path: string, message: string) =>
  badInput(path, `${file}${path ? ` at ${path}` : ''}: ${message}`, { file });
