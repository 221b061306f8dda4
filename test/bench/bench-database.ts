import { randomBytes } from 'node:crypto';
import { type OpenedDatabase, openDatabase } from '@relata/runtime';
import pg from 'pg';

/** Server the bench creates its own database on (never an existing one). */
export const BENCH_POSTGRES_URL =
  process.env.RELATA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Pool size for both Relata and the baseline, so neither gets more connections. */
export const POOL_SIZE = 10;

export interface BenchDatabase {
  opened: OpenedDatabase;
  url: string;
  drop(): Promise<void>;
}

async function admin(sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * pg's `pool.end()` resolves before the sockets are gone; forcing the drop then cuts them and
 * they log errors. Wait (bounded) until the server has no session on the database.
 */
async function waitForNoSessions(name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await admin('select 1 from pg_stat_activity where datname = $1', [name])) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh, migrated PostgreSQL database; `drop()` closes the pool and removes it. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `relata_bench_${randomBytes(6).toString('hex')}`;
  await admin(`create database "${name}"`);
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  let opened: OpenedDatabase;
  try {
    opened = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: POOL_SIZE });
  } catch (error) {
    await admin(`drop database if exists "${name}" with (force)`);
    throw error;
  }
  let dropped: Promise<void> | null = null;
  return {
    opened,
    url: url.toString(),
    // Idempotent: an abort (signal, hard limit) and the normal `finally` may both ask.
    drop: () => {
      dropped ??= (async () => {
        await opened.close().catch(() => undefined);
        await waitForNoSessions(name);
        await admin(`drop database if exists "${name}" with (force)`);
      })();
      return dropped;
    },
  };
}
