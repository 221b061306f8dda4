import { getWorkspace } from '@relata/core';
import type { PgDatabase } from '../../db';
import { createPortalUserAdmin } from '../../portal';
import { UsageError } from '../cli-errors';
import { parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

/** Runs `work` on an open database (the configured one by default). */
type OpenDatabase = <T>(work: (db: PgDatabase) => Promise<T>) => Promise<T>;

const workspaceOption = { workspace: { type: 'string' } } as const;

/**
 * `relata portal-user create|list|deactivate`: the portal accounts `/metadata` manages, for
 * scripts. Deactivation notifies running servers, which drop the account's tokens at once.
 */
export async function portalUserCommand(
  args: string[],
  open: OpenDatabase = withDatabase,
  print: (line: string) => void = console.log,
): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') {
    const values = parseOptions(rest, {
      ...workspaceOption,
      email: { type: 'string' },
      object: { type: 'string' },
      'record-id': { type: 'string' },
      password: { type: 'string' },
    });
    const slug = required(values.workspace, 'workspace');
    const input = {
      email: required(values.email, 'email'),
      object: required(values.object, 'object'),
      recordId: required(values['record-id'], 'record-id'),
      password: typeof values.password === 'string' ? values.password : null,
    };
    const created = await open(async (db) =>
      createPortalUserAdmin(db).create((await getWorkspace(db, { slug })).id, input),
    );
    const { portalUser } = created;
    print(`Portal user ${portalUser.email} created, linked to ${portalUser.object} ${portalUser.recordId}.`);
    if (created.password) print(`Password (shown only now): ${created.password}`);
    print(`It signs in with POST /portal/auth/sign-in { "workspace": "${slug}", "email", "password" }.`);
    return;
  }
  if (action === 'list') {
    const slug = required(parseOptions(rest, workspaceOption).workspace, 'workspace');
    const users = await open(async (db) => createPortalUserAdmin(db).list((await getWorkspace(db, { slug })).id));
    if (users.length === 0) print('No portal users.');
    for (const user of users) {
      print(`${user.email}  ${user.object} ${user.recordId}  ${user.isActive ? 'active' : 'deactivated'}`);
    }
    return;
  }
  if (action === 'deactivate') {
    const values = parseOptions(rest, { ...workspaceOption, email: { type: 'string' } });
    const slug = required(values.workspace, 'workspace');
    const email = required(values.email, 'email');
    await open(async (db) => createPortalUserAdmin(db).deactivate((await getWorkspace(db, { slug })).id, email));
    print(`Portal user ${email} deactivated; its sessions are revoked.`);
    return;
  }
  throw new UsageError('Use: relata portal-user create|list|deactivate (see "relata help").');
}
