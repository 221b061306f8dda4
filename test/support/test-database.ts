import { createHash, randomBytes } from 'node:crypto';
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

/** What a database is made from: nothing, or a template database the run built once. */
type Source = { template: string } | null;

async function onServer<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function urlOf(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const createSql = (name: string, source: Source) =>
  `create database "${name}"${source ? ` template "${source.template}"` : ''}`;
const dropSql = (name: string) => `drop database if exists "${name}" with (force)`;

const createDatabase = (name: string, source: Source) => onServer((admin) => admin.query(createSql(name, source)));
const dropDatabase = (name: string) => onServer((admin) => admin.query(dropSql(name)));

/**
 * The template database `name`, built once per run by `build` and then copied by every file that
 * needs it: `create database ... template` copies files in a fraction of a second, where the system
 * migrations (and a seed) cost seconds of both processes' CPU per file. Files of both workers race
 * for it, so the first builds it under an advisory lock while the others wait. Outside vitest
 * (no run to own the templates) there is none: the database is built in place.
 */
async function templateFor(
  key: string,
  source: Source,
  build: (opened: OpenedDatabase) => Promise<void>,
): Promise<Source> {
  if (!process.env.VITEST) return null;
  const name = `${inject('testTemplatePrefix')}_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  await onServer(async (admin) => {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount) return;
      // Built under a working name and renamed when complete: a failed build leaves no half template.
      const building = `${name}_building`;
      await admin.query(dropSql(building));
      await admin.query(createSql(building, source));
      const opened = await openDatabase({ databaseUrl: urlOf(building), dataDir: '' });
      try {
        await build(opened);
      } finally {
        await opened.close();
      }
      await admin.query(`alter database "${building}" rename to "${name}"`);
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
  return { template: name };
}

/** The run's template with the system schema and the job queue migrated, nothing else. */
const migratedTemplate = () => templateFor('migrated', null, async () => undefined);

async function openCopy(source: Source, options: { statementTimeoutMs?: number }): Promise<TestDatabase> {
  const name = `relata_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, source);
  const databaseUrl = urlOf(name);
  try {
    // Migrates a fresh database; on a copy of a template it only finds every migration applied.
    const opened = await openDatabase({ databaseUrl, dataDir: '', ...options });
    return {
      opened,
      databaseUrl,
      async drop() {
        await opened.close();
        await dropDatabase(name);
      },
    };
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
}

/** A fresh, migrated database on the run's server; `drop()` removes every trace. */
export async function createTestDatabase(options: { statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  return openCopy(await migratedTemplate(), options);
}

/**
 * A fresh, migrated database holding what `seed` writes, for setups many files share (a workspace,
 * its admin, the demo data): seeded once per run per `key`, copied per file. `key` must name
 * everything `seed` depends on.
 */
export async function createSeededTestDatabase(
  key: string,
  seed: (opened: OpenedDatabase) => Promise<void>,
  options: { statementTimeoutMs?: number } = {},
): Promise<TestDatabase> {
  const seeded = await templateFor(`seeded:${key}`, await migratedTemplate(), seed);
  if (seeded) return openCopy(seeded, options);
  // Outside vitest: seed the fresh database itself.
  const database = await openCopy(null, options);
  await seed(database.opened);
  return database;
}
