import type { SqlExecutor } from '@relata/core';

/** Channel telling every runtime node to drop its cached token checks (a revocation). */
export const AUTH_CHANNEL = 'relata_auth';

/** Queues the notification in the caller's statement or transaction; delivered on commit. */
export async function notifyAuthChange(db: SqlExecutor): Promise<void> {
  await db.query('select pg_notify($1, $2)', [AUTH_CHANNEL, 'revoked']);
}
