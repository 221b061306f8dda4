import { randomUUID } from 'node:crypto';
import {
  CHANGE_JOB_TASK,
  type CommittedWrite,
  enqueueJobs,
  importRecords,
  qualify,
  type RecordHooks,
  readImportUpload,
  SCORING_TICK_TASK,
  storeImportUpload,
  WORKFLOW_RUN_PRUNE_TASK,
} from '@relata/core';
import {
  BUNDLE_PROGRESS_PRUNE_TASK,
  IMPORT_UPLOADS_PRUNE_TASK,
  type JobWorker,
  RECORD_EVENTS_PRUNE_TASK,
  RECYCLE_BIN_PURGE_TASK,
  startWorker,
  WorkspaceManager,
} from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createRecordTestKit, type RecordTestKit, rejection, USER } from '../records/record-test-kit';
import { queuedJobs } from '../support/queued-jobs';

let kit: RecordTestKit;
const seen: CommittedWrite[] = [];
/** Records named "Flaky ..." fail their after-hook on its first call (to see the retry). */
const failed = new Set<string>();
const hooks: RecordHooks = {
  before: [],
  after: [
    (write) => {
      seen.push(write);
      if (String(write.record?.name).startsWith('Flaky') && !failed.has(write.id)) {
        failed.add(write.id);
        throw new Error(`first try of ${write.id} fails`);
      }
    },
  ],
};
const workers: JobWorker[] = [];
let workspaces: WorkspaceManager;

const work = async (concurrency = 4) => {
  const worker = await startWorker({
    opened: kit.database.opened,
    db: kit.db,
    events: kit.events,
    hooks,
    snapshotOf: (workspaceId: string) => workspaces.snapshotOf(workspaceId),
    recycleBinDays: 30,
    concurrency,
    nodeId: `test-${workers.length}`,
    // Beats often, so a silent pool's jobs are released within a test; dead only after 50 missed
    // beats, so a live pool on a loaded machine (three suites side by side) is never taken for dead.
    heartbeat: { beatMs: 200, deadAfterMs: 10_000 },
  });
  workers.push(worker);
  return worker;
};
const seenOf = (id: unknown) => seen.filter((write) => write.id === id);
const namesSeen = () => seen.map((write) => write.record?.name);

beforeAll(async () => {
  kit = await createRecordTestKit('jobs_queue');
  workspaces = new WorkspaceManager(kit.db);
  await work();
});
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await kit.database.drop();
});

describe('change jobs', () => {
  test('a committed write reaches the after-hooks through a worker, with the stored record', async () => {
    const company = await kit.service(hooks).create(kit.ctx, 'company', { name: 'Queued Co' });
    await vi.waitFor(() => expect(seenOf(company.id)).toHaveLength(1), 10_000);
    expect(seenOf(company.id)[0]).toMatchObject({
      kind: 'create',
      object: 'company',
      record: company,
      event: { kind: 'CREATED', recordId: company.id },
      ctx: { actor: USER, via: 'api', snapshot: { workspaceId: kit.snapshot.workspaceId } },
    });
  });

  test('a rolled-back write never yields a job, nor does a job enqueued in a failed transaction', async () => {
    const error = await rejection(() =>
      kit.service(hooks).createMany(kit.ctx, 'company', [
        { name: 'Rolled back 1', domain: 'rolled.test' },
        { name: 'Rolled back 2', domain: 'rolled.test' },
      ]),
    );
    expect(error.code).toBe('CONFLICT');
    await expect(
      kit.db.transaction(async (tx) => {
        await enqueueJobs(tx, [{ task: RECYCLE_BIN_PURGE_TASK, payload: {} }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const marker = await kit.service(hooks).create(kit.ctx, 'company', { name: 'After the rollback' });
    await vi.waitFor(() => expect(seenOf(marker.id)).toHaveLength(1), 10_000);
    expect(namesSeen()).not.toContain('Rolled back 1');
    expect(await queuedJobs(kit.db, RECYCLE_BIN_PURGE_TASK)).toEqual([]);
  });

  test('writes with no after-hooks enqueue nothing', async () => {
    // Earlier tests' jobs leave the queue when the worker's batched completions land.
    await vi.waitFor(async () => expect(await queuedJobs(kit.db, CHANGE_JOB_TASK)).toEqual([]), 10_000);
    await kit.service().createMany(kit.ctx, 'company', [{ name: 'Unobserved 1' }, { name: 'Unobserved 2' }]);
    expect(await queuedJobs(kit.db, CHANGE_JOB_TASK)).toEqual([]);
  });

  test('a failing after-hook fails its job, which is retried with back-off until the hook succeeds', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const company = await kit.service(hooks).create(kit.ctx, 'company', { name: 'Flaky consumer' });
      await vi.waitFor(async () => {
        const [job] = (await queuedJobs(kit.db, CHANGE_JOB_TASK)).filter((j) =>
          JSON.stringify(j.payload).includes(String(company.id)),
        );
        expect(job).toMatchObject({ attempts: 1, lastError: expect.stringContaining('after-hook call(s) failed') });
      }, 10_000);
      // graphile-worker waits e^1 s before the second attempt.
      await vi.waitFor(() => expect(seenOf(company.id)).toHaveLength(2), 15_000);
      await vi.waitFor(
        async () =>
          expect(
            (await queuedJobs(kit.db, CHANGE_JOB_TASK)).filter((j) =>
              JSON.stringify(j.payload).includes(String(company.id)),
            ),
          ).toEqual([]),
        10_000,
      );
    } finally {
      logged.mockRestore();
    }
  });

  test('with two workers on one database every job runs exactly once', async () => {
    await work(4);
    const records = kit.service(hooks);
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) => records.create(kit.ctx, 'company', { name: `Twice? ${i}` })),
    );
    await vi.waitFor(() => expect(created.every((c) => seenOf(c.id).length > 0)).toBe(true), 20_000);
    // Give a duplicate delivery time to show.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(created.map((c) => seenOf(c.id).length)).toEqual(created.map(() => 1));
  });

  test("an import's batches reach the after-hooks as creates via import", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ name: `Imported ${i}` }));
    const result = await importRecords(kit.db, kit.snapshot, USER, 'company', rows, {
      batchSize: 10,
      changeJobs: true,
    });
    await vi.waitFor(() => expect(result.ids.every((id) => seenOf(id).length === 1)).toBe(true), 15_000);
    expect(seenOf(result.ids[7])[0]).toMatchObject({
      kind: 'create',
      record: { id: result.ids[7], name: 'Imported 7' },
      ctx: { via: 'import' },
    });
  });
});

describe('a killed worker', () => {
  test('leaves locked jobs behind that a live worker releases once its heartbeat is silent', async () => {
    // What `kill -9` leaves: a job locked by a pool whose beat stopped. Enqueued and locked in one
    // transaction, so no live worker can take it first.
    await kit.db.transaction(async (tx) => {
      await tx.query(
        `insert into relata.worker_heartbeats (pool_id, node_id, seen_at) values ('pool-killed', 'gone', now() - interval '1 hour')`,
      );
      await enqueueJobs(tx, [{ task: RECYCLE_BIN_PURGE_TASK, payload: {}, key: 'orphaned' }]);
      await tx.query(
        `update graphile_worker._private_jobs set locked_at = now(), locked_by = 'pool-killed' where key = 'orphaned'`,
      );
    });
    expect(await queuedJobs(kit.db, RECYCLE_BIN_PURGE_TASK)).toHaveLength(1);
    await vi.waitFor(async () => expect(await queuedJobs(kit.db, RECYCLE_BIN_PURGE_TASK)).toEqual([]), 10_000);
    const { rows } = await kit.db.query("select 1 from relata.worker_heartbeats where pool_id = 'pool-killed'");
    expect(rows).toEqual([]);
  });

  test('a live worker keeps its row fresh and its jobs', async () => {
    const { rows } = await kit.db.query<{ fresh: boolean }>(
      "select seen_at > now() - interval '5 seconds' as fresh from relata.worker_heartbeats order by pool_id",
    );
    expect(rows.length).toBe(workers.length);
    expect(rows.every((row) => row.fresh)).toBe(true);
  });
});

describe('the recycle-bin purge', () => {
  test("is the queue's hourly cron (beside the workflow-run, record-event, bundle-progress and import-upload prunes and the scoring tick), one tick per database however many workers run", async () => {
    const { rows } = await kit.db.query<{ identifier: string }>(
      'select identifier from graphile_worker._private_known_crontabs order by identifier collate "C"',
    );
    const expected = [
      BUNDLE_PROGRESS_PRUNE_TASK,
      IMPORT_UPLOADS_PRUNE_TASK,
      RECORD_EVENTS_PRUNE_TASK,
      RECYCLE_BIN_PURGE_TASK,
      SCORING_TICK_TASK,
      WORKFLOW_RUN_PRUNE_TASK,
    ].sort();
    expect(rows.map((row) => row.identifier)).toEqual(expected);
  });

  test('its job destroys what stayed in the bin past the retention', async () => {
    const records = kit.service();
    const old = await records.create(kit.ctx, 'company', { name: 'Long deleted' });
    const recent = await records.create(kit.ctx, 'company', { name: 'Just deleted' });
    for (const company of [old, recent]) await records.softDelete(kit.ctx, 'company', String(company.id));
    const table = qualify(kit.snapshot.schemaName, 'companies');
    await kit.db.query(`update ${table} set deleted_at = now() - interval '31 days' where id = $1`, [old.id]);
    await kit.db.transaction((tx) => enqueueJobs(tx, [{ task: RECYCLE_BIN_PURGE_TASK, payload: {} }]));
    await vi.waitFor(async () => expect(await queuedJobs(kit.db, RECYCLE_BIN_PURGE_TASK)).toEqual([]), 10_000);
    const { rows } = await kit.db.query<{ name: string }>(
      `select name from ${table} where id = any($1::uuid[]) order by name`,
      [[old.id, recent.id]],
    );
    expect(rows).toEqual([{ name: 'Just deleted' }]);
  });

  test("the bundle-progress prune removes finished applies' rows past the retention, never a running one; an abandoned one is failed", async () => {
    const ids = ['old-done', 'old-failed', 'old-running', 'recent-done', 'z-abandoned'].map((label) => ({
      label,
      id: randomUUID(),
    }));
    for (const { label, id } of ids) {
      await kit.db.query(
        `insert into relata.bundle_apply_progress (id, workspace_id, status, label, updated_at, owner)
         values ($1, $2, $3, $4, now() - make_interval(days => $5::int), $6)`,
        [
          id,
          kit.snapshot.workspaceId,
          /running|abandoned/.test(label) ? 'RUNNING' : label.endsWith('failed') ? 'FAILED' : 'DONE',
          label,
          label.startsWith('old') ? 8 : 1,
          // Named by a process that holds no owner lock: it died midway.
          label.endsWith('abandoned') ? 'pid 424242 on elsewhere' : null,
        ],
      );
    }
    await kit.db.transaction((tx) => enqueueJobs(tx, [{ task: BUNDLE_PROGRESS_PRUNE_TASK, payload: {} }]));
    await vi.waitFor(async () => expect(await queuedJobs(kit.db, BUNDLE_PROGRESS_PRUNE_TASK)).toEqual([]), 10_000);
    const { rows } = await kit.db.query<{ id: string; status: string }>(
      'select id, status from relata.bundle_apply_progress where id = any($1::uuid[]) order by id',
      [ids.map((i) => i.id)],
    );
    const label = (id: string) => ids.find((i) => i.id === id)!.label;
    expect(rows.map((r) => [label(r.id), r.status]).sort()).toEqual([
      ['old-running', 'RUNNING'],
      ['recent-done', 'DONE'],
      ['z-abandoned', 'FAILED'],
    ]);
  });

  test("the import-upload prune removes every workspace's uploads past their hour, and an upload prunes nothing", async () => {
    const workspaceId = kit.snapshot.workspaceId;
    const aged = await storeImportUpload(kit.db, workspaceId, 'apiKey:aged', Buffer.from('a,b\n1,2\n'));
    await kit.db.query("update relata.import_uploads set created_at = now() - interval '61 minutes' where id = $1", [
      aged,
    ]);
    // Another upload no longer sweeps the old one: only the cron does.
    const fresh = await storeImportUpload(kit.db, workspaceId, 'apiKey:fresh', Buffer.from('a\n1\n'));
    const uploads = async () =>
      (
        await kit.db.query<{ id: string }>('select id from relata.import_uploads where id = any($1::uuid[])', [
          [aged, fresh],
        ])
      ).rows.map((row) => row.id);
    expect((await uploads()).sort()).toEqual([aged, fresh].sort());
    await kit.db.transaction((tx) => enqueueJobs(tx, [{ task: IMPORT_UPLOADS_PRUNE_TASK, payload: {} }]));
    await vi.waitFor(async () => expect(await queuedJobs(kit.db, IMPORT_UPLOADS_PRUNE_TASK)).toEqual([]), 10_000);
    expect(await uploads()).toEqual([fresh]);
    expect(await readImportUpload(kit.db, workspaceId, 'apiKey:fresh', fresh)).toEqual(Buffer.from('a\n1\n'));
  });
});
