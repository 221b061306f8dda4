import { type Database, forbidden, getWorkspace, notFound } from '@relata/core';
import { z } from 'zod';
import { type AttemptGuard, accountKey, requirePassword } from './account-password';
import { parseInput } from './parse-input';
import { hashPassword, newPasswordSchema } from './passwords';
import { revokeUserSessions } from './revoke-sessions';
import type { Principal } from './roles';
import { emailSchema, roleSchema } from './roles';
import { lockWorkspaceRole } from './workspace-roles';

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Give your current password.'),
  newPassword: newPasswordSchema,
});

/**
 * Changes the signed-in user's password after checking the current one (an attempt at the
 * account, counted by `guard` as sign-in's are), and revokes every other session of that user
 * (in all workspaces); the session making the change stays open.
 * @throws FORBIDDEN for API keys, UNAUTHENTICATED when the current password is wrong,
 * LIMIT_EXCEEDED from `guard`
 */
export async function changePassword(
  db: Database,
  principal: Principal,
  input: unknown,
  guard: AttemptGuard,
): Promise<void> {
  if (principal.kind !== 'user' || !principal.sessionId) {
    throw forbidden('Only a signed-in user can change a password; an API key has none.');
  }
  const { currentPassword, newPassword } = parseInput(changePasswordInput, input);
  const { rows } = await db.query<{ email: string; password_hash: string | null }>(
    'select email, password_hash from relata.users where id = $1 and is_active',
    [principal.id],
  );
  await requirePassword({
    account: accountKey.member(rows[0]?.email ?? principal.id),
    row: rows[0],
    password: currentPassword,
    guard,
    failure: 'The current password is wrong.',
    field: 'currentPassword',
  });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.query('update relata.users set password_hash = $2, updated_at = now() where id = $1', [
      principal.id,
      passwordHash,
    ]);
    await revokeUserSessions(tx, principal.id, { except: principal.sessionId });
  });
}

/** Deactivates a user everywhere: sign-in is refused and every open session is revoked. */
export async function deactivateUser(db: Database, input: unknown): Promise<{ id: string; email: string }> {
  const { email } = parseInput(z.object({ email: emailSchema }), input);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      'update relata.users set is_active = false, updated_at = now() where email = $1 returning id',
      [email],
    );
    const user = rows[0];
    if (!user) throw notFound(`No user with email ${email}.`, { field: 'email' });
    await revokeUserSessions(tx, user.id);
    return { id: user.id, email };
  });
}

const setRoleInput = z.object({
  workspace: z.string().min(1, 'Name the workspace (its slug).'),
  email: emailSchema,
  role: roleSchema,
});

/** Gives a member another role; their sessions in that workspace are revoked so no token keeps the old one. */
export async function setMemberRole(db: Database, input: unknown): Promise<void> {
  const { workspace: slug, email, role } = parseInput(setRoleInput, input);
  const workspace = await getWorkspace(db, { slug });
  await db.transaction(async (tx) => {
    await lockWorkspaceRole(tx, workspace.id, role);
    const { rows } = await tx.query<{ user_id: string }>(
      `update relata.workspace_members m set role = $3
         from relata.users u
        where u.id = m.user_id and u.email = $2 and m.workspace_id = $1
        returning m.user_id`,
      [workspace.id, email, role],
    );
    const member = rows[0];
    if (!member) throw notFound(`${email} is not a member of workspace "${slug}".`, { field: 'email' });
    await revokeUserSessions(tx, member.user_id, { workspaceId: workspace.id });
  });
}
