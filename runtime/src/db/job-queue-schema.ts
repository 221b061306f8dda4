import { runMigrations } from 'graphile-worker';
import type pg from 'pg';
import { queueLogger } from './queue-logger';

const QUEUE_MIGRATION_LOCK = 'relata:job-queue-migrations';

/**
 * Creates or upgrades the job queue's schema (`graphile_worker`, owned by the library) after the
 * system schema. Nodes starting at once take turns under a session advisory lock, as for the
 * system migrations, so the second one finds nothing to do.
 */
export async function migrateJobQueue(pool: pg.Pool): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [QUEUE_MIGRATION_LOCK]);
    await runMigrations({ pgPool: pool, logger: queueLogger });
  } finally {
    await lock.query('select pg_advisory_unlock(hashtext($1))', [QUEUE_MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}
