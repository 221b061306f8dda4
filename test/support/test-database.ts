import { randomBytes } from 'node:crypto';
import { type OpenedDatabase, openDatabase } from '@relata/runtime';
import pg from 'pg';

/** Which backend integration tests run on: `RELATA_TEST_DB=postgres` or `pglite` (default). */
export const testDatabaseKind = process.env.RELATA_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** Server used for `RELATA_TEST_DB=postgres`; the tests create and drop their own database on it. */
export const TEST_POSTGRES_URL = process.env.RELATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  opened: OpenedDatabase;
  /** Set for PostgreSQL: the URL of the fresh database (for a second server on it). */
  databaseUrl: string | null;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the configured backend; `drop()` removes every trace. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'pglite') {
    const opened = await openDatabase({ dataDir: 'memory://' });
    return { opened, databaseUrl: null, drop: () => opened.close() };
  }
  const name = `relata_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const databaseUrl = new URL(TEST_POSTGRES_URL);
  databaseUrl.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: databaseUrl.toString(), dataDir: '' });
  return {
    opened,
    databaseUrl: databaseUrl.toString(),
    async drop() {
      await opened.close();
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}
