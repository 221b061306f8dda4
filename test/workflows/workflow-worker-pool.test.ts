import { createWorkflowService, startManualRuns } from '@relata/core';
import { type JobWorker, type OpenedDatabase, openDatabase, startWorker, WorkspaceManager } from '@relata/runtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, USER } from '../records/record-test-kit';
import { until } from './workflow-test-kit';

/** As many steps at once as the worker's database pool has connections. */
const CONCURRENCY = 2;
const RUNS = 6;

let kit: RecordTestKit;
let small: OpenedDatabase;
let worker: JobWorker | null = null;

beforeAll(async () => {
  kit = await createRecordTestKit('wf_pool', 'metadata-service');
  small = await openDatabase({ databaseUrl: kit.database.databaseUrl, dataDir: '', poolSize: CONCURRENCY });
});
afterAll(async () => {
  await worker?.stop();
  await small?.close();
  await kit.database.drop();
});

// A step's transaction holds a pooled connection; when the metadata it needs was loaded inside it
// (a cold cache: a worker just started, or the metadata changed), every step of a full worker waited
// for a connection its siblings held, and the worker stalled for good.
test('a worker whose pool is as large as its concurrency drains runs on a cold metadata cache', async () => {
  const workflows = createWorkflowService({ db: kit.db });
  const workflow = await workflows.create(
    kit.snapshot.workspaceId,
    {
      name: 'Stamp',
      definition: {
        trigger: { type: 'MANUAL', object: 'company' },
        steps: [{ key: 'stamp', type: 'update_records', settings: { object: 'company', values: { name: 'Stamped' } } }],
      },
    },
    USER,
  );
  await workflows.activate(kit.snapshot.workspaceId, workflow.id, USER);
  const created = await kit.service().createMany(
    kit.ctx,
    'company',
    Array.from({ length: RUNS }, (_, i) => ({ name: `Company ${i}` })),
  );
  const ids = created.map((record) => String(record.id));
  await startManualRuns(
    {
      db: kit.db,
      snapshot: kit.snapshot,
      access: { permissions: { role: 'admin', unrestricted: true, objects: new Map() }, actorId: null },
      actor: USER,
      maxRecords: RUNS,
    },
    workflow.id,
    ids,
  );
  const workspaces = new WorkspaceManager(small.db);
  worker = await startWorker({
    opened: small,
    db: small.db,
    events: kit.events,
    hooks: { before: [], after: [] },
    snapshotOf: (workspaceId) => workspaces.snapshotOf(workspaceId),
    recycleBinDays: null,
    runRetentionDays: null,
    concurrency: CONCURRENCY,
    nodeId: 'pool-test',
  });
  await until('every run to succeed', async () => {
    const { rows } = await kit.db.query<{ n: string }>(
      `select count(*) as n from relata.workflow_runs where workflow_id = $1 and status = 'SUCCEEDED'`,
      [workflow.id],
    );
    return Number(rows[0]!.n) === RUNS;
  });
  const { rows } = await kit.db.query<{ name: string }>(
    `select distinct name from "${kit.snapshot.schemaName}"."companies" where id = any($1::uuid[])`,
    [ids],
  );
  expect(rows).toEqual([{ name: 'Stamped' }]);
});
