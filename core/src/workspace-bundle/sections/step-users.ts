import { fileError } from '../bundle-yaml';
import type { BundleRefs, DocumentSite } from './bundle-refs';

/**
 * Workflow step settings that name users: a round robin's `users`, a notification's `userId`,
 * and the `ownerId` a record or task is created or updated with (a task's assignee is its owner).
 * Stored by user id, which differs between environments; files name the member by email.
 * Templates (`{{ record.ownerId }}`) are left as they are.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Translate = (value: string, path: string) => string;

/** `settings` with each user position passed through `translate` (a copy; `settings` is kept). */
function mapUsers(settings: Record<string, unknown>, at: string, translate: Translate): Record<string, unknown> {
  const out: Record<string, unknown> = { ...settings };
  if (Array.isArray(settings.users)) {
    out.users = settings.users.map((u, i) => (typeof u === 'string' ? translate(u, `${at}.users[${i}]`) : u));
  }
  if (typeof settings.userId === 'string') out.userId = translate(settings.userId, `${at}.userId`);
  if (isRecord(settings.values) && typeof settings.values.ownerId === 'string') {
    out.values = { ...settings.values, ownerId: translate(settings.values.ownerId, `${at}.values.ownerId`) };
  }
  return out;
}

/** Step settings as a file writes them: members' ids as their emails. */
export function usersToEmails(
  settings: Record<string, unknown>,
  refs: BundleRefs,
  site: DocumentSite,
  at: string,
): Record<string, unknown> {
  return mapUsers(settings, at, (value, path) => {
    if (!UUID.test(value)) return value;
    const email = refs.userEmail(value);
    if (email === undefined)
      throw fileError(site.file, path, 'names a user who is not a member of the workspace; fix the step first.');
    return email;
  });
}

/**
 * Step settings from a file: each email the user id of the workspace's member with it.
 * @throws BAD_USER_INPUT naming the file and the setting when no member has the email
 */
export function usersFromEmails(
  settings: Record<string, unknown>,
  refs: BundleRefs,
  site: DocumentSite,
  at: string,
): Record<string, unknown> {
  return mapUsers(settings, at, (value, path) => {
    if (value.includes('{{') || !value.includes('@')) return value;
    const id = refs.userId(value);
    if (id === undefined)
      throw fileError(
        site.file,
        path,
        `no member of the workspace has the email ${value}; invite them first or change the step.`,
      );
    return id;
  });
}
