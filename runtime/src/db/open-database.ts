import { SystemOrm, upgradeWorkspaces } from '@relata/core';
import pg from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
import { migrateJobQueue } from './job-queue-schema';
import { PgDatabase } from './pg-database';
import { logPoolErrors } from './pool-errors';

export interface DatabaseOptions {
  /** `postgres://...`; unset means the embedded PostgreSQL of `dataDir`. */
  databaseUrl?: string;
  /** Relata's data folder, where the embedded server keeps its cluster. */
  dataDir: string;
  poolSize?: number;
  /** Longest a statement may run on the pool's connections; unset or 0: no limit. */
  statementTimeoutMs?: number;
  /** Hears about slow first-start steps (creating the cluster, moving a PGlite database). */
  onProgress?: (message: string) => void;
}

export interface OpenedDatabase {
  db: PgDatabase;
  /** Settings for dedicated connections beside the pool (LISTEN, the job queue's worker). */
  connection: pg.ClientConfig;
  close(): Promise<void>;
}

// NUMERIC and BIGINT arrive as strings from pg by default; the API exposes them as numbers.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Settings of every session of the pool. No JIT: PostgreSQL compiles a plan's expressions again at
 * each execution (prepared statements included; nothing is cached), and the estimated cost of an
 * ordinary compiled read crosses jit_above_cost as soon as it holds a correlated roll-up over a few
 * thousand rows. Bench 12a: 40-130 ms of LLVM emission on a list of 50 companies sorted by a roll-up
 * that runs in ~200 ms without it; a third of a scoring run over 1M orders (12f).
 */
const SESSION_OPTIONS = '-c jit=off';

/** Opens the configured database (starting or joining the embedded one) and migrates the system schema. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  let embedded: EmbeddedPostgres | null = null;
  let connection: pg.ClientConfig;
  if (options.databaseUrl) {
    connection = { connectionString: options.databaseUrl };
  } else {
    embedded = await startEmbeddedPostgres(options.dataDir, options.onProgress);
    connection = embedded.connection;
  }
  let pool: pg.Pool | null = null;
  try {
    await migrate(connection);
    const timeout = options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {};
    const settings = { options: [connection.options, SESSION_OPTIONS].filter(Boolean).join(' ') };
    pool = logPoolErrors(
      new pg.Pool({ ...connection, ...timeout, ...settings, max: options.poolSize ?? 10 }),
      'database',
    );
    const db = new PgDatabase(pool, await SystemOrm.open(pool));
    // The data migrations of workspaces, which go through the metadata service (see the migration StandardObjectsVersion).
    await upgradeWorkspaces(db);
    return {
      db,
      connection,
      async close() {
        try {
          await db.end();
        } finally {
          await embedded?.stop();
        }
      },
    };
  } catch (error) {
    await pool?.end();
    await embedded?.stop();
    throw error;
  }
}

/** System and job-queue migrations on connections of their own, without the statement timeout of the pool. */
async function migrate(connection: pg.ClientConfig): Promise<void> {
  const pool = logPoolErrors(new pg.Pool({ ...connection, max: 2 }), 'migration');
  try {
    const orm = await SystemOrm.open(pool);
    try {
      await orm.migrate();
    } finally {
      await orm.close();
    }
    await migrateJobQueue(pool);
  } finally {
    await pool.end();
  }
}
