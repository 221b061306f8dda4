import { randomBytes } from 'node:crypto';
import { ErrorCode, RelataError } from '@relata/core';
import { hashPassword, verifyPassword } from './passwords';

/**
 * Counts one attempt at an account's password and throws (LIMIT_EXCEEDED) once that account's
 * allowance is used up. The HTTP layer passes its per-account limiter; every check of a password
 * takes one, so no endpoint can try passwords of an account without counting against it.
 */
export type AttemptGuard = (account: string) => void;

/**
 * The key attempts at an account are counted under: one per account, the same on every endpoint
 * that checks its password (sign-in, password change, accepting an invite, asking for a reset).
 */
export const accountKey = {
  member: (email: string) => `member:${email.trim().toLowerCase()}`,
  /** Portal accounts are per workspace, apart from members'. */
  portal: (workspace: string, email: string) =>
    `portal:${workspace.trim().toLowerCase()}:${email.trim().toLowerCase()}`,
};

export interface PasswordCheck<Row extends { password_hash: string | null }> {
  /** `accountKey` of whoever the password is tried for, whether that account exists or not. */
  account: string;
  /** The account, when there is one that may sign in. */
  row: Row | undefined;
  password: string;
  guard: AttemptGuard;
  /** The one message for every cause (no hint which part was wrong). */
  failure: string;
  /** The input field the failure names, if any. */
  field?: string;
}

// Checked when the account is unknown (or has no password) too, so the answer takes as long either
// way. Its password is random per process: no input can match it.
let decoyHash: Promise<string> | null = null;

/**
 * The one place a password is checked against an account: counts the attempt with `guard` first
 * (refused attempts are not checked), then compares with the account's hash, or with a decoy
 * hash when there is no account, so the answer takes as long either way.
 * @throws LIMIT_EXCEEDED from `guard`; UNAUTHENTICATED with `failure` when the password does not match
 */
export async function requirePassword<Row extends { password_hash: string | null }>(
  check: PasswordCheck<Row>,
): Promise<Row> {
  check.guard(check.account);
  decoyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const stored = check.row?.password_hash ?? null;
  const valid = await verifyPassword(stored ?? (await decoyHash), check.password);
  // An account without a password (none set yet) never signs in with one.
  if (!check.row || stored === null || !valid) {
    throw new RelataError(ErrorCode.UNAUTHENTICATED, check.failure, check.field ? { field: check.field } : undefined);
  }
  return check.row;
}
