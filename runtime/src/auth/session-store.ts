import type { Database } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { notifyAuthChange } from './notify';
import { hashToken, newPortalToken, newSessionToken } from './tokens';

/** How long a session token stays valid. */
export const SESSION_DAYS = 14;

/** Members and portal users sign in alike; their sessions live in separate tables with their own token prefix. */
export type SessionKind = 'member' | 'portal';

/** Who a new session belongs to: a member in one workspace, or a portal user (bound to its workspace already). */
interface SessionOwner {
  member: [userId: string, workspaceId: string];
  portal: [portalUserId: string];
}

const SESSION_SQL = {
  member: {
    newToken: newSessionToken,
    insert:
      'insert into relata.sessions (id, token_hash, expires_at, user_id, workspace_id) values ($1, $2, $3, $4, $5)',
    revoke: 'update relata.sessions set revoked_at = now() where id = $1 and revoked_at is null',
  },
  portal: {
    newToken: newPortalToken,
    insert: 'insert into relata.portal_sessions (id, token_hash, expires_at, portal_user_id) values ($1, $2, $3, $4)',
    revoke: 'update relata.portal_sessions set revoked_at = now() where id = $1 and revoked_at is null',
  },
} as const;

/** Opens a session of `kind` for `owner`; the token is returned once, only its hash is stored. */
export async function openSession<K extends SessionKind>(
  db: Database,
  kind: K,
  owner: SessionOwner[K],
): Promise<{ token: string; expiresAt: string }> {
  const sql = SESSION_SQL[kind];
  const token = sql.newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.query(sql.insert, [uuidv7(), hashToken(token), expiresAt, ...owner]);
  return { token, expiresAt: expiresAt.toISOString() };
}

/** Revokes one session of `kind` on every node. */
export async function revokeSession(db: Database, kind: SessionKind, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(SESSION_SQL[kind].revoke, [sessionId]);
    await notifyAuthChange(tx);
  });
}
