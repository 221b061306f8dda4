import { loadConfig } from '../config';
import type { PgDatabase } from '../db';
import { openConfiguredDatabase } from './open-configured-database';

/** Runs a short command against the configured database, closing it afterwards. */
export async function withDatabase<T>(work: (db: PgDatabase) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await work(database.opened.db);
  } finally {
    await database.close();
  }
}
