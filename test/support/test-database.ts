import { randomBytes } from 'node:crypto';
import { type OpenedDatabase, openDatabase } from '@relata/runtime';
import pg from 'pg';
import { inject } from 'vitest';

/** Which server integration tests run on: `RELATA_TEST_DB=postgres` (external) or the embedded PostgreSQL 18. */
export const testDatabaseKind = process.env.RELATA_TEST_DB === 'postgres' ? 'postgres' : 'embedded';

/**
 * The `postgres` database of the run's server (see global-setup.ts), for creating and dropping
 * test databases. Outside vitest (test/e2e/serve-demo.ts, run by hand) there is no run's server:
 * the external one of RELATA_TEST_POSTGRES_URL is used.
 */
export function testServerUrl(): string {
  if (process.env.VITEST) return inject('testServerUrl');
  return process.env.RELATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  opened: OpenedDatabase;
  /** The URL of the fresh database (for a second node, a CLI process or a dedicated pool on it). */
  databaseUrl: string;
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated database on the run's server; `drop()` removes every trace. */
export async function createTestDatabase(options: { statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const name = `relata_test_${randomBytes(6).toString('hex')}`;
  await onServer(`create database "${name}"`);
  const databaseUrl = new URL(testServerUrl());
  databaseUrl.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: databaseUrl.toString(), dataDir: '', ...options });
  return {
    opened,
    databaseUrl: databaseUrl.toString(),
    async drop() {
      await opened.close();
      await onServer(`drop database if exists "${name}" with (force)`);
    },
  };
}
