import { randomBytes } from 'node:crypto';
import { badInput, type SqlExecutor } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from './roles';
import { hashToken } from './tokens';

/** The one answer for every unusable token, so none reveals why. */
export const invalidLink = () => badInput('token', 'The link is invalid, expired or already used; ask for a new one.');

export type OneTimeTokenKind = 'password_reset' | 'invite' | 'portal_invite';

export interface OneTimeTokenClaims {
  email: string;
  userId?: string;
  workspaceId?: string;
  role?: Role;
}

/**
 * Issues a random single-use token (32 bytes) of `kind`, valid for `ttlMs`; only its hash is stored.
 * Earlier unused tokens of the same kind for the same email (and workspace) stop working.
 */
export async function issueOneTimeToken(
  tx: SqlExecutor,
  kind: OneTimeTokenKind,
  claims: OneTimeTokenClaims,
  ttlMs: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = `rt_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + ttlMs);
  await tx.query(
    `update relata.auth_tokens set used_at = now()
      where kind = $1 and email = $2 and workspace_id is not distinct from $3 and used_at is null`,
    [kind, claims.email, claims.workspaceId ?? null],
  );
  await tx.query(
    `insert into relata.auth_tokens (id, kind, token_hash, email, user_id, workspace_id, role, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      uuidv7(),
      kind,
      hashToken(token),
      claims.email,
      claims.userId ?? null,
      claims.workspaceId ?? null,
      claims.role ?? null,
      expiresAt,
    ],
  );
  return { token, expiresAt };
}

/**
 * Redeems a token: marks it used in the same statement that checks it is unused and unexpired,
 * so two concurrent redemptions cannot both succeed. Call it inside the transaction of the change.
 * @throws BAD_USER_INPUT on `token` when it is unknown, expired, already used or of another kind
 */
export async function redeemOneTimeToken(
  tx: SqlExecutor,
  kind: OneTimeTokenKind,
  token: string,
): Promise<OneTimeTokenClaims> {
  const { rows } = await tx.query<{
    email: string;
    user_id: string | null;
    workspace_id: string | null;
    role: Role | null;
  }>(
    `update relata.auth_tokens set used_at = now()
      where token_hash = $1 and kind = $2 and used_at is null and expires_at > now()
      returning email, user_id, workspace_id, role`,
    [hashToken(token), kind],
  );
  const row = rows[0];
  if (!row) throw invalidLink();
  return {
    email: row.email,
    userId: row.user_id ?? undefined,
    workspaceId: row.workspace_id ?? undefined,
    role: row.role ?? undefined,
  };
}
