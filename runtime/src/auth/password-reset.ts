import type { Database } from '@relata/core';
import { z } from 'zod';
import type { Mailer } from '../mail';
import { invalidLink, issueOneTimeToken, redeemOneTimeToken } from './one-time-tokens';
import { parseInput } from './parse-input';
import { hashPassword, newPasswordSchema } from './passwords';
import { revokeUserSessions } from './revoke-sessions';
import { emailSchema } from './roles';

const RESET_TTL_MS = 60 * 60_000;

export const requestResetInput = z.object({ email: emailSchema });
const resetInput = z.object({
  token: z.string().min(1, 'Give the token from the reset link.').max(200),
  newPassword: newPasswordSchema,
});

/** Where links in mails point: the public base URL of the studio and API. */
export interface LinkBase {
  publicUrl: string;
}

/**
 * Mails a password-reset link (valid 1 hour, single use) to an active user with that email.
 * Only the input is checked before returning; the lookup and the mail happen in the background,
 * so neither the answer nor its timing reveals which emails have accounts.
 * @throws BAD_USER_INPUT on `email` when it is not an email address
 */
export function requestPasswordReset(db: Database, mailer: Mailer, links: LinkBase, input: unknown): void {
  const { email } = parseInput(requestResetInput, input);
  mailResetLink(db, mailer, links, email).catch((error: unknown) =>
    console.error('could not send a password-reset mail', error),
  );
}

async function mailResetLink(db: Database, mailer: Mailer, links: LinkBase, email: string): Promise<void> {
  const { rows } = await db.query<{ id: string }>('select id from relata.users where email = $1 and is_active', [
    email,
  ]);
  const user = rows[0];
  if (!user) return;
  const { token } = await db.transaction((tx) =>
    issueOneTimeToken(tx, 'password_reset', { email, userId: user.id }, RESET_TTL_MS),
  );
  const link = `${links.publicUrl}/reset-password?token=${token}`;
  await mailer.send({
    to: email,
    subject: 'Reset your Relata password',
    text: `Someone asked to reset the password of your Relata account.\n\nSet a new password within the next hour:\n${link}\n\nThe link works once. If you did not ask for this, ignore this mail; your password stays as it is.\n`,
  });
}

/**
 * Sets a new password with a reset token (single use, 1 hour) and revokes every session of the user.
 * @throws BAD_USER_INPUT on `token` when it is invalid, expired or used; on `newPassword` when too weak
 */
export async function resetPassword(db: Database, input: unknown): Promise<void> {
  const { token, newPassword } = parseInput(resetInput, input);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    const claims = await redeemOneTimeToken(tx, 'password_reset', token);
    const { rowCount } = await tx.query(
      'update relata.users set password_hash = $2, updated_at = now() where id = $1 and is_active',
      [claims.userId, passwordHash],
    );
    // A user deactivated after asking gets no way back in.
    if (rowCount === 0) throw invalidLink();
    await revokeUserSessions(tx, claims.userId!);
  });
}
