import { beginRuns, createWorkflowService, type Database, pruneWorkflowRuns } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, USER } from '../records/record-test-kit';

let kit: RecordTestKit;
let db: Database;
let workflowId: string;
let versionId: string;

beforeAll(async () => {
  kit = await createRecordTestKit('retention', 'metadata-service');
  db = kit.db;
  const service = createWorkflowService({ db });
  const workflow = await service.create(
    kit.snapshot.workspaceId,
    {
      name: 'Kept a while',
      definition: { trigger: { type: 'MANUAL', object: 'company' }, steps: [] },
    },
    USER,
  );
  await service.activate(kit.snapshot.workspaceId, workflow.id, USER);
  workflowId = workflow.id;
  const { rows } = await db.query<{ id: string }>('select id from relata.workflow_versions where workflow_id = $1', [
    workflowId,
  ]);
  versionId = rows[0]!.id;
}, 60_000);
afterAll(async () => {
  await kit?.database.drop();
});

/** A run in `status`, started and (unless running) finished `daysAgo` days ago, with one logged step. */
async function runOf(status: string, daysAgo: number): Promise<string> {
  const [run] = await db.transaction((tx) =>
    beginRuns(tx, [
      {
        workspaceId: kit.snapshot.workspaceId,
        workflowId,
        versionId,
        firstStep: 'only',
        triggerKey: `retention:${status}:${daysAgo}:${Math.random()}`,
        recordId: null,
        input: {},
      },
    ]),
  );
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  await db.query(
    `update relata.workflow_runs set status = $2, started_at = $3::timestamptz,
       finished_at = case when $2 in ('RUNNING', 'WAITING') then null else $3::timestamptz end where id = $1`,
    [run!.runId, status, at],
  );
  await db.query(
    `insert into relata.workflow_step_runs (id, run_id, step_key, attempt, status, input, output, started_at, duration_ms)
     values (gen_random_uuid(), $1, 'only', 1, 'SUCCEEDED', 'null', 'null', $2, 1)`,
    [run!.runId, at],
  );
  return run!.runId;
}

const existing = async (ids: string[]) =>
  (await db.query<{ id: string }>('select id from relata.workflow_runs where id = any($1::uuid[])', [ids])).rows
    .map((row) => row.id)
    .sort();

describe('finished workflow runs are pruned after their retention', () => {
  test('runs finished before the retention go with their step log; recent, running and waiting runs stay', async () => {
    const old = [await runOf('SUCCEEDED', 40), await runOf('FAILED', 40), await runOf('CANCELLED', 31)];
    const kept = [
      await runOf('SUCCEEDED', 1),
      await runOf('FAILED', 29),
      await runOf('RUNNING', 400),
      await runOf('WAITING', 400),
    ];
    expect(await pruneWorkflowRuns(db, 30)).toBe(3);
    expect(await existing([...old, ...kept])).toEqual([...kept].sort());
    const { rows } = await db.query<{ n: string }>(
      'select count(*) as n from relata.workflow_step_runs where run_id = any($1::uuid[])',
      [old],
    );
    expect(Number(rows[0]!.n)).toBe(0);
    // Nothing is left to prune: a second pass removes nothing.
    expect(await pruneWorkflowRuns(db, 30)).toBe(0);
  });
});
