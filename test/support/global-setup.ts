import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedUrl, startEmbeddedPostgres } from '@relata/runtime';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server integration tests create their databases on (`postgres` database URL). */
    testServerUrl: string;
    /** Name prefix of this run's template databases (see test-database.ts), dropped when the run ends. */
    testTemplatePrefix: string;
  }
}

/**
 * One server per run: the embedded PostgreSQL 18 (started here in a temporary data folder), or
 * with RELATA_TEST_DB=postgres the external server at RELATA_TEST_POSTGRES_URL. Every test file
 * creates and drops its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Under `relata_test_`, where a killed run's leftovers are looked for; unique per run, so runs
  // of different checkouts on one server never copy each other's templates.
  const templatePrefix = `relata_test_tpl_${randomBytes(4).toString('hex')}`;
  project.provide('testTemplatePrefix', templatePrefix);
  if (process.env.RELATA_TEST_DB === 'postgres') {
    const serverUrl = process.env.RELATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    project.provide('testServerUrl', serverUrl);
    return () => dropTemplates(serverUrl, templatePrefix);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'relata-test-pg-'));
  const embedded = await startEmbeddedPostgres(dataDir);
  project.provide('testServerUrl', embeddedUrl(embedded.connection, 'postgres'));
  return async () => {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function dropTemplates(serverUrl: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
