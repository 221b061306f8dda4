import type { Database } from '@relata/core';
import { z } from 'zod';
import { type AttemptGuard, accountKey, requirePassword } from './account-password';
import type { Role } from './roles';
import { openSession, revokeSession } from './session-store';

export const signInInput = z.object({
  email: z.string().trim().min(1, 'Give your email.'),
  password: z.string().min(1, 'Give your password.'),
  workspace: z.string().trim().min(1, 'Give the workspace slug.').default('demo'),
});

export interface SignedIn {
  token: string;
  expiresAt: string;
  role: Role;
  user: { id: string; email: string; name: string };
  workspace: { id: string; slug: string; name: string };
}

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role: Role;
  workspace_id: string;
  slug: string;
  workspace_name: string;
}

/**
 * Checks email + password for a member of the workspace (an attempt at that account, counted by
 * `guard`) and opens a session.
 * @throws UNAUTHENTICATED with one message for every failure (no hint which part was wrong);
 * LIMIT_EXCEEDED from `guard`
 */
export async function signIn(db: Database, input: z.infer<typeof signInInput>, guard: AttemptGuard): Promise<SignedIn> {
  const { rows } = await db.query<MemberRow>(
    `select u.id as user_id, u.email, u.name, u.password_hash, m.role, w.id as workspace_id, w.slug, w.name as workspace_name
       from relata.users u
       join relata.workspace_members m on m.user_id = u.id
       join relata.workspaces w on w.id = m.workspace_id
      where u.email = $1 and w.slug = $2 and u.is_active`,
    [input.email.toLowerCase(), input.workspace],
  );
  const row = await requirePassword({
    account: accountKey.member(input.email),
    row: rows[0],
    password: input.password,
    guard,
    failure: `Sign-in failed: wrong email or password, or no access to workspace "${input.workspace}".`,
  });
  const session = await openSession(db, 'member', [row.user_id, row.workspace_id]);
  return {
    ...session,
    role: row.role,
    user: { id: row.user_id, email: row.email, name: row.name },
    workspace: { id: row.workspace_id, slug: row.slug, name: row.workspace_name },
  };
}

/** Revokes the session behind `token` on every node. */
export async function signOut(db: Database, sessionId: string): Promise<void> {
  await revokeSession(db, 'member', sessionId);
}
