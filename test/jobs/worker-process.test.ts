import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { enqueueJobs, systemMigrations } from '@relata/core';
import { openDatabase, RECYCLE_BIN_PURGE_TASK } from '@relata/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { createTestDatabase, type TestDatabase, testServerUrl } from '../support/test-database';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('relata worker', () => {
  test('a worker process runs the jobs that nodes enqueued, and stops cleanly on SIGTERM', async () => {
    const db = database.opened.db;
    await db.transaction((tx) => enqueueJobs(tx, [{ task: RECYCLE_BIN_PURGE_TASK, payload: {} }]));
    expect(await queuedJobs(db, RECYCLE_BIN_PURGE_TASK)).toHaveLength(1);
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/cli/main.ts', 'worker', '--concurrency', '2'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.databaseUrl } },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await vi.waitFor(() => expect(out).toContain('Relata worker is running: 2 jobs at once.'), 60_000);
      await vi.waitFor(async () => expect(await queuedJobs(db, RECYCLE_BIN_PURGE_TASK)).toEqual([]), 10_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

describe('the job queue schema', () => {
  test('three nodes opening one new database at once migrate it once, all of them ready', async () => {
    const name = `relata_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(testServerUrl());
    url.pathname = `/${name}`;
    try {
      const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), dataDir: '' })));
      try {
        const { rows } = await nodes[0]!.db.query<{ queue: number; queueDistinct: number; system: number }>(
          `select (select count(*) from graphile_worker.migrations)::int as queue,
                  (select count(distinct id) from graphile_worker.migrations)::int as "queueDistinct",
                  (select count(*) from public.relata_migrations)::int as system`,
        );
        expect(rows[0]!.queue).toBeGreaterThan(10);
        expect(rows[0]!.queueDistinct).toBe(rows[0]!.queue);
        expect(rows[0]!.system).toBe(systemMigrations.length);
        // Every node can enqueue at once.
        for (const node of nodes)
          await node.db.transaction((tx) => enqueueJobs(tx, [{ task: RECYCLE_BIN_PURGE_TASK, payload: {} }]));
        expect(await queuedJobs(nodes[0]!.db, RECYCLE_BIN_PURGE_TASK)).toHaveLength(3);
      } finally {
        for (const node of nodes) await node.close();
      }
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
