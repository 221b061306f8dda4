import { type Database, ErrorCode, RelataError } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { notifyAuthChange } from './notify';
import { hashPassword, verifyPassword } from './passwords';
import type { Role } from './roles';
import { hashToken, newSessionToken } from './tokens';

/** How long a session token stays valid. */
export const SESSION_DAYS = 14;

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

// Checked when the email is unknown too, so the answer takes as long either way.
let decoyHash: Promise<string> | null = null;

/**
 * Checks email + password for a member of the workspace and opens a session.
 * @throws UNAUTHENTICATED with one message for every failure (no hint which part was wrong)
 */
export async function signIn(db: Database, input: z.infer<typeof signInInput>): Promise<SignedIn> {
  const { rows } = await db.query<MemberRow>(
    `select u.id as user_id, u.email, u.name, u.password_hash, m.role, w.id as workspace_id, w.slug, w.name as workspace_name
       from relata.users u
       join relata.workspace_members m on m.user_id = u.id
       join relata.workspaces w on w.id = m.workspace_id
      where u.email = $1 and w.slug = $2 and u.is_active`,
    [input.email.toLowerCase(), input.workspace],
  );
  const row = rows[0];
  decoyHash ??= hashPassword('decoy-password');
  const valid = await verifyPassword(row?.password_hash ?? (await decoyHash), input.password);
  if (!row || !valid) {
    throw new RelataError(
      ErrorCode.UNAUTHENTICATED,
      `Sign-in failed: wrong email or password, or no access to workspace "${input.workspace}".`,
    );
  }
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.query(
    'insert into relata.sessions (id, token_hash, user_id, workspace_id, expires_at) values ($1, $2, $3, $4, $5)',
    [uuidv7(), hashToken(token), row.user_id, row.workspace_id, expiresAt],
  );
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    role: row.role,
    user: { id: row.user_id, email: row.email, name: row.name },
    workspace: { id: row.workspace_id, slug: row.slug, name: row.workspace_name },
  };
}

/** Revokes the session behind `token` on every node. */
export async function signOut(db: Database, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('update relata.sessions set revoked_at = now() where id = $1 and revoked_at is null', [sessionId]);
    await notifyAuthChange(tx);
  });
}
