import { migrateSystemSchema, SystemOrm } from '@relata/core';
import pg from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { PgDatabase } from './pg-database';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** `postgres://...`; unset means the embedded PGlite database. */
  databaseUrl?: string;
  /** PGlite data folder (or `memory://`). */
  dataDir: string;
  /** Pool size for a real server (PGlite always uses exactly one connection). */
  poolSize?: number;
}

export interface OpenedDatabase {
  kind: DatabaseKind;
  db: PgDatabase;
  /** Settings for extra dedicated connections (LISTEN); null for PGlite, which has one session. */
  listenConfig: pg.ClientConfig | null;
  close(): Promise<void>;
}

// NUMERIC and BIGINT arrive as strings from pg by default; the API exposes them as numbers.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens the configured database and brings the system schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  let embedded: EmbeddedPostgres | null = null;
  let config: pg.PoolConfig;
  if (options.databaseUrl) {
    config = { connectionString: options.databaseUrl, max: options.poolSize ?? 10 };
  } else {
    embedded = await startEmbeddedPostgres(options.dataDir);
    config = { ...embedded.connection, max: 1 };
  }
  try {
    await migrateSystemSchema(config);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const pool = new pg.Pool(config);
  pool.on('error', (error) => console.error('idle database connection failed', error));
  const db = new PgDatabase(pool, await SystemOrm.open(pool));
  return {
    kind: embedded ? 'pglite' : 'postgres',
    db,
    listenConfig: embedded ? null : { connectionString: options.databaseUrl },
    async close() {
      await db.end();
      await embedded?.stop();
    },
  };
}
