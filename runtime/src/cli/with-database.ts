import { loadConfig } from '../config';
import type { PgDatabase } from '../db';
import { openConfiguredDatabase } from './open-configured-database';

/**
 * Runs a short command against the configured database, closing it afterwards; `secret` is the
 * instance's encryption key (for commands that write to the secret store).
 */
export async function withDatabase<T>(work: (db: PgDatabase, secret: string) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await work(database.opened.db, database.secret);
  } finally {
    await database.close();
  }
}
