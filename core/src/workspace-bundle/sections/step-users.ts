import { fileError } from '../bundle-yaml';
import type { BundleRefs, DocumentSite } from './bundle-refs';

/**
 * Workflow step settings that name users: a round robin's `users`, a notification's `userId`,
 * and every `ownerId` (the owner a record or task is created or updated with, and an owner
 * literal in a filter or condition: `{ ownerId: { in: [...] } }`), also in view and segment
 * filters (views, segments, dashboard widgets, webhook subscriptions: see stored-filters.ts).
 * Stored by user id, which differs between environments; files name the member by
 * email. Templates (`{{ record.ownerId }}`) are left as they are.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OWNER_KEY = 'ownerId';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Translate = (value: string, path: string) => string;

/** Each string leaf of an owner's value (a literal, an operator's value or list) through `translate`. */
function mapLeaves(value: unknown, at: string, translate: Translate): unknown {
  if (typeof value === 'string') return translate(value, at);
  if (Array.isArray(value)) return value.map((item, i) => mapLeaves(item, `${at}[${i}]`, translate));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, mapLeaves(item, `${at}.${key}`, translate)]),
  );
}

/** `value` (a filter, a condition, step settings) with what every `ownerId` key holds translated; a copy. */
function mapOwners(value: unknown, at: string, translate: Translate): unknown {
  if (Array.isArray(value)) return value.map((item, i) => mapOwners(item, `${at}[${i}]`, translate));
  if (!isRecord(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    const path = `${at}.${key}`;
    out[key] = key === OWNER_KEY ? mapLeaves(item, path, translate) : mapOwners(item, path, translate);
  }
  return { ...out };
}

/** `settings` with each user position passed through `translate` (a copy; `settings` is kept). */
function mapUsers(settings: Record<string, unknown>, at: string, translate: Translate): Record<string, unknown> {
  const out = mapOwners(settings, at, translate) as Record<string, unknown>;
  if (Array.isArray(settings.users)) {
    out.users = settings.users.map((u, i) => (typeof u === 'string' ? translate(u, `${at}.users[${i}]`) : u));
  }
  if (typeof settings.userId === 'string') out.userId = translate(settings.userId, `${at}.userId`);
  return out;
}

/** A member's id as their email, for a file. @throws BAD_USER_INPUT when the id is no member's */
const toEmail =
  (refs: BundleRefs, site: DocumentSite): Translate =>
  (value, path) => {
    if (!UUID.test(value)) return value;
    const email = refs.userEmail(value);
    if (email === undefined)
      throw fileError(site.file, path, 'names a user who is not a member of the workspace; fix it first.');
    return email;
  };

/** An email from a file as the member's user id. @throws BAD_USER_INPUT when no member has it */
const fromEmail =
  (refs: BundleRefs, site: DocumentSite): Translate =>
  (value, path) => {
    if (value.includes('{{') || !value.includes('@')) return value;
    const id = refs.userId(value);
    if (id === undefined)
      throw fileError(
        site.file,
        path,
        `no member of the workspace has the email ${value}; invite them first or change it.`,
      );
    return id;
  };

/** A filter or condition as a file writes it: owner literals (`ownerId`) as the members' emails. */
export const ownersToEmails = (value: unknown, refs: BundleRefs, site: DocumentSite, at: string): unknown =>
  mapOwners(value, at, toEmail(refs, site));

/** A filter or condition from a file: owner emails as the members' user ids. */
export const ownersFromEmails = (value: unknown, refs: BundleRefs, site: DocumentSite, at: string): unknown =>
  mapOwners(value, at, fromEmail(refs, site));

/** Step settings as a file writes them: members' ids as their emails. */
export const usersToEmails = (
  settings: Record<string, unknown>,
  refs: BundleRefs,
  site: DocumentSite,
  at: string,
): Record<string, unknown> => mapUsers(settings, at, toEmail(refs, site));

/**
 * Step settings from a file: each email the user id of the workspace's member with it.
 * @throws BAD_USER_INPUT naming the file and the setting when no member has the email
 */
export const usersFromEmails = (
  settings: Record<string, unknown>,
  refs: BundleRefs,
  site: DocumentSite,
  at: string,
): Record<string, unknown> => mapUsers(settings, at, fromEmail(refs, site));
