import { AUTH_CHANNEL, type SqlExecutor } from '@relata/core';

// The channel is core's: a role renamed by a bundle notifies it too.
export { AUTH_CHANNEL };

/** Queues the notification in the caller's statement or transaction; delivered on commit. */
export async function notifyAuthChange(db: SqlExecutor): Promise<void> {
  await db.query('select pg_notify($1, $2)', [AUTH_CHANNEL, 'revoked']);
}
