import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedUrl, startEmbeddedPostgres } from '@relata/runtime';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server integration tests create their databases on (`postgres` database URL). */
    testServerUrl: string;
  }
}

/**
 * One server per run: the embedded PostgreSQL 18 (started here in a temporary data folder), or
 * with RELATA_TEST_DB=postgres the external server at RELATA_TEST_POSTGRES_URL. Every test file
 * creates and drops its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.RELATA_TEST_DB === 'postgres') {
    project.provide(
      'testServerUrl',
      process.env.RELATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    );
    return async () => undefined;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'relata-test-pg-'));
  const embedded = await startEmbeddedPostgres(dataDir);
  project.provide('testServerUrl', embeddedUrl(embedded.connection, 'postgres'));
  return async () => {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
