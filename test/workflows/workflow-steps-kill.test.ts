import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EventBus } from '@relata/core';
import { type JobWorker, startWorker, WorkspaceManager, withWorkflowHooks } from '@relata/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { activeWorkflow, apiOf, createObject, finishedRun, stepLogOf, until } from './workflow-test-kit';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let server: TestServer;
let gateId: string;
let doomed: ChildProcess | null = null;
let survivor: JobWorker | null = null;

beforeAll(async () => {
  // No worker in the server's node: the runs are worked by the processes this test starts and kills.
  server = await startTestServer({ workspace: 'crash', activities: true });
  await createObject(server, { singular: 'order', plural: 'orders' }, [
    { name: 'title', label: 'Title', type: 'TEXT' },
  ]);
  await createObject(server, { singular: 'gate', plural: 'gates' }, [
    { name: 'passes', label: 'Passes', type: 'NUMBER' },
  ]);
  gateId = (
    await apiOf(server).data<{ createGate: { id: string } }>('mutation { createGate(data: { passes: 0 }) { id } }')
  ).createGate.id;
  await activeWorkflow(server, 'Ship orders', {
    trigger: { type: 'RECORD_CREATED', object: 'order' },
    steps: [
      { key: 'first', type: 'create_task', settings: { values: { title: 'First {{ record.title }}' } }, next: 'pass' },
      {
        key: 'pass',
        type: 'update_records',
        settings: { object: 'gate', recordId: gateId, values: { passes: '{{ 1 }}' } },
        next: 'after',
      },
      { key: 'after', type: 'create_task', settings: { values: { title: 'After {{ record.title }}' } } },
    ],
  });
});
afterAll(async () => {
  doomed?.kill('SIGKILL');
  await survivor?.stop();
  await server?.close();
});

/** A `relata worker` process on the test database. */
async function workerProcess(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/cli/main.ts', 'worker', '--concurrency', '2'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: server.database.databaseUrl } },
  );
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr?.on('data', (chunk) => (out += chunk));
  await vi.waitFor(() => expect(out).toContain('Relata worker is running'), 60_000);
  return child;
}

const count = async (sql: string, params: unknown[]) =>
  Number((await server.database.opened.db.query<{ n: string }>(`select count(*) as n from ${sql}`, params)).rows[0]!.n);

describe('kill -9 of a worker in the middle of a run', () => {
  test('the run resumes on another worker and no step is done twice', async () => {
    // Hold the gate's row: the worker's "pass" step will wait for it inside its transaction.
    const holder = new pg.Client({ connectionString: server.database.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from ws_crash.gates where id = $1 for update', [gateId]);
      doomed = await workerProcess();
      const { createOrder } = await apiOf(server).data<{ createOrder: { id: string } }>(
        'mutation { createOrder(data: { title: "Kit" }) { id } }',
      );
      // The worker is inside "pass": its update of the gate waits for the lock.
      await until(
        'the step to wait on the gate',
        async () => {
          const { rows } = await holder.query(
            'select pid from pg_stat_activity where pg_blocking_pids(pid) @> array[pg_backend_pid()]',
          );
          return rows.length > 0;
        },
        90_000,
      );
      doomed.kill('SIGKILL');
      await new Promise((resolve) => doomed!.once('close', resolve));
      doomed = null;
      // Released now, the dead worker's backend may finish the update, but its transaction never commits.
      await holder.query('rollback');

      const hooks = withWorkflowHooks(server.database.opened.db);
      const workspaces = new WorkspaceManager(server.database.opened.db);
      survivor = await startWorker({
        opened: server.database.opened,
        db: server.database.opened.db,
        events: new EventBus('survivor'),
        hooks,
        snapshotOf: (workspaceId) => workspaces.snapshotOf(workspaceId),
        recycleBinDays: null,
        concurrency: 2,
        nodeId: 'survivor',
        heartbeat: { beatMs: 200, deadAfterMs: 1_500 },
      });
      const run = await finishedRun(server, createOrder.id, 60_000);
      expect(run.status).toBe('SUCCEEDED');

      const log = await stepLogOf(server, run.id);
      expect(log.map((s) => [s.step_key, s.status])).toEqual([
        ['first', 'SUCCEEDED'],
        ['pass', 'SUCCEEDED'],
        ['after', 'SUCCEEDED'],
      ]);
      // Side effects, once each: the tasks, and the gate written by one committed transaction.
      expect(await count('ws_crash.tasks where title = $1', ['First Kit'])).toBe(1);
      expect(await count('ws_crash.tasks where title = $1', ['After Kit'])).toBe(1);
      expect(await count(`relata.audit_log where record_id = $1 and action <> 'create'`, [gateId])).toBe(1);
      const gate = await server.database.opened.db.query<{ passes: number; version: number }>(
        'select passes, version from ws_crash.gates where id = $1',
        [gateId],
      );
      expect(gate.rows[0]).toEqual({ passes: 1, version: 2 });
    } finally {
      await holder.end();
    }
  }, 240_000);
});
