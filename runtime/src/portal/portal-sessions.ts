import type { Database } from '@relata/core';
import { z } from 'zod';
import { type AttemptGuard, accountKey, openSession, requirePassword, revokeSession } from '../auth';

export const portalSignInInput = z.object({
  workspace: z.string().trim().min(1, 'Give the workspace slug.'),
  email: z.string().trim().min(1, 'Give your email.'),
  password: z.string().min(1, 'Give your password.'),
});

export interface PortalSignedIn {
  token: string;
  expiresAt: string;
  portalUser: { id: string; email: string; object: string; recordId: string };
  workspace: { id: string; slug: string };
}

interface PortalUserRow {
  id: string;
  email: string;
  password_hash: string;
  workspace_id: string;
  slug: string;
  object: string;
  record_id: string;
}

const SELECT_ACCOUNT = `select p.id, p.email, p.password_hash, p.workspace_id, w.slug, o.name_singular as object, p.record_id
   from relata.portal_users p
   join relata.workspaces w on w.id = p.workspace_id
   join relata.objects o on o.id = p.object_id`;

/** Opens a portal session for an account row (its password already checked or just set). */
async function openPortalSession(db: Database, row: Omit<PortalUserRow, 'password_hash'>): Promise<PortalSignedIn> {
  const session = await openSession(db, 'portal', [row.id]);
  return {
    ...session,
    portalUser: { id: row.id, email: row.email, object: row.object, recordId: row.record_id },
    workspace: { id: row.workspace_id, slug: row.slug },
  };
}

/** Opens a portal session for an active account by id (after it set its password from an invite). */
export async function signInPortalUser(db: Database, portalUserId: string): Promise<PortalSignedIn> {
  const { rows } = await db.query<PortalUserRow>(`${SELECT_ACCOUNT} where p.id = $1 and p.is_active`, [portalUserId]);
  const row = rows[0];
  if (!row) throw new Error(`portal user ${portalUserId} is gone`);
  return openPortalSession(db, row);
}

/**
 * Checks email + password of an active portal user of the workspace (an attempt at that account,
 * counted by `guard`) and opens a portal session.
 * @throws UNAUTHENTICATED with one message for every failure (no hint which part was wrong);
 * LIMIT_EXCEEDED from `guard`
 */
export async function signInPortal(
  db: Database,
  input: z.infer<typeof portalSignInInput>,
  guard: AttemptGuard,
): Promise<PortalSignedIn> {
  const { rows } = await db.query<PortalUserRow>(
    `${SELECT_ACCOUNT} where p.email = $1 and w.slug = $2 and p.is_active`,
    [input.email.toLowerCase(), input.workspace],
  );
  const row = await requirePassword({
    account: accountKey.portal(input.workspace, input.email),
    row: rows[0],
    password: input.password,
    guard,
    failure: `Portal sign-in failed: wrong email or password, or no portal access to workspace "${input.workspace}".`,
  });
  return openPortalSession(db, row);
}

/** Revokes one portal session on every node. */
export async function signOutPortal(db: Database, sessionId: string): Promise<void> {
  await revokeSession(db, 'portal', sessionId);
}
