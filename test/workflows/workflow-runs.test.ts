import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRecordService, transactionAsDatabase } from '@relata/core';
import { withWorkflowHooks } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { startTestServer, type TestServer } from '../support/test-server';
import { apiOf, until } from './workflow-test-kit';

let server: TestServer;
let hook: Server;
const received: { body: string; key: string | undefined }[] = [];
let failuresLeft = 0;

const metadata = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
  apiOf(server).metadata<T>(query, variables);
const data = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
  apiOf(server).data<T>(query, variables);

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
  });

beforeAll(async () => {
  hook = createServer(async (request, response) => {
    const body = await readBody(request);
    received.push({ body, key: request.headers['idempotency-key'] as string | undefined });
    const fail = failuresLeft > 0;
    if (fail) failuresLeft -= 1;
    response.writeHead(fail ? 503 : 201, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: !fail }));
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const port = (hook.address() as AddressInfo).port;
  server = await startTestServer({
    workspace: 'runs',
    worker: true,
    activities: true,
    outbound: { allowLoopbackPorts: [port] },
  });
  await metadata(
    'mutation { createObject(input: { nameSingular: "deal", namePlural: "deals", labelSingular: "Deal", labelPlural: "Deals" }) { applied } }',
  );
  for (const field of [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'seats', label: 'Seats', type: 'NUMBER' },
    { name: 'won', label: 'Won', type: 'BOOLEAN' },
    { name: 'note', label: 'Note', type: 'TEXT' },
    { name: 'touches', label: 'Touches', type: 'NUMBER' },
  ]) {
    await metadata('mutation($i: CreateFieldInput!) { createField(object: "deal", input: $i) { applied } }', {
      i: field,
    });
  }
  const definition = {
    trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['won'], condition: { won: { eq: true } } },
    steps: [
      { key: 'big', type: 'condition', settings: { branches: [{ when: 'record.seats >= 10', next: 'task' }] } },
      {
        key: 'task',
        type: 'create_task',
        settings: {
          values: { title: 'Onboard {{ record.title }}', dueDate: '{{ addDays(date(record.updatedAt), 7) }}' },
        },
        next: 'call',
      },
      {
        key: 'call',
        type: 'http_request',
        settings: {
          method: 'POST',
          url: `http://127.0.0.1:${port}/won`,
          body: '{{ record.title }} by {{ steps.task.title }}',
        },
        next: 'note',
      },
      {
        key: 'note',
        type: 'update_records',
        settings: { object: 'deal', values: { note: 'HTTP {{ steps.call.status }}, task {{ steps.task.id }}' } },
      },
    ],
  };
  const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
    'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
    { i: { name: 'Won deals', definition } },
  );
  await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
});
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

const db = () => server.database.opened.db;
const runsOf = async (recordId: string) =>
  (
    await db().query<{ id: string; status: string; error: string | null; depth: number }>(
      'select id, status, error, depth from relata.workflow_runs where record_id = $1 order by started_at',
      [recordId],
    )
  ).rows;
const stepLog = async (runId: string) =>
  (
    await db().query<{ step_key: string; attempt: number; status: string; error: string | null; output: unknown }>(
      'select step_key, attempt, status, error, output from relata.workflow_step_runs where run_id = $1 order by started_at, attempt',
      [runId],
    )
  ).rows;

async function createDeal(title: string, seats: number) {
  const { createDeal } = await data<{ createDeal: { id: string } }>(
    'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }',
    { d: { title, seats, won: false } },
  );
  return createDeal.id;
}

describe('workflow runs on the job queue', () => {
  test('a committed update runs every step once, writing as the workflow and logging each step', async () => {
    const id = await createDeal('Acme renewal', 12);
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { won: true }) { id } }', { id });
    const run = await until('the run to succeed', async () => (await runsOf(id)).find((r) => r.status === 'SUCCEEDED'));
    const log = await stepLog(run.id);
    expect(log.map((s) => [s.step_key, s.attempt, s.status])).toEqual([
      ['big', 1, 'SUCCEEDED'],
      ['task', 1, 'SUCCEEDED'],
      ['call', 1, 'SUCCEEDED'],
      ['note', 1, 'SUCCEEDED'],
    ]);
    const { rows: tasks } = await db().query<{ id: string; title: string }>(
      `select id, title from ws_runs.tasks where title = 'Onboard Acme renewal'`,
    );
    expect(tasks).toHaveLength(1);
    expect(received.filter((r) => r.body === 'Acme renewal by Onboard Acme renewal')).toEqual([
      { body: 'Acme renewal by Onboard Acme renewal', key: `${run.id}:call:1` },
    ]);
    const { deal } = await data<{ deal: { note: string } }>('query($id: ID!) { deal(id: $id) { note } }', { id });
    expect(deal.note).toBe(`HTTP 201, task ${tasks[0]!.id}`);
    const { rows: audit } = await db().query<{ via: string; actor_id: string }>(
      `select via, actor_id from relata.audit_log where object_name = 'task' and record_id = $1`,
      [tasks[0]!.id],
    );
    expect(audit).toEqual([{ via: 'workflow', actor_id: run.id }]);
  });

  test('a change job delivered again (twice at once) starts no second run and repeats no step', async () => {
    const id = await createDeal('Redelivered', 15);
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { won: true }) { id } }', { id });
    const run = await until('the run to succeed', async () => (await runsOf(id)).find((r) => r.status === 'SUCCEEDED'));
    const { rows } = await db().query<{ trigger_key: string }>(
      'select trigger_key from relata.workflow_runs where id = $1',
      [run.id],
    );
    const [kind, , version] = rows[0]!.trigger_key.split(':');
    const snapshot = await server.instance.services.workspaces.snapshotOf(server.workspace.id);
    const { deal } = await data<{ deal: Record<string, unknown> }>(
      'query($id: ID!) { deal(id: $id) { id title seats won } }',
      { id },
    );
    const write = {
      kind: 'update' as const,
      object: 'deal',
      id,
      data: { won: true },
      before: { won: false },
      record: deal,
      event: {
        workspaceId: server.workspace.id,
        object: 'deal',
        kind: kind as 'UPDATED',
        recordId: id,
        version: Number(version),
        changedFields: ['won'],
        actorId: null,
        nodeId: 'test',
        at: new Date().toISOString(),
      },
      ctx: { snapshot, actor: { kind: 'system' as const, id: null, role: 'admin' }, via: 'api' as const },
    };
    // The worker's own hooks: the first steps run inline, then find the run exists and roll back.
    const hooks = withWorkflowHooks(db());
    await Promise.all(hooks.after.map((after) => Promise.all([after(write), after(write)])));
    expect(await runsOf(id)).toHaveLength(1);
    const { rows: tasks } = await db().query(`select id from ws_runs.tasks where title = 'Onboard Redelivered'`);
    expect(tasks).toHaveLength(1);
    expect(received.filter((r) => r.body.startsWith('Redelivered by'))).toHaveLength(1);
  });

  test('a write that does not match the condition or the chosen fields starts no run', async () => {
    const id = await createDeal('Small', 12);
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { note: "no" }) { id } }', { id });
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { won: false, note: "still no" }) { id } }', { id });
    // A later matching write is picked up, so the earlier ones had their chance to start runs.
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { won: true }) { id } }', { id });
    await until('the matching run', async () => (await runsOf(id)).find((r) => r.status === 'SUCCEEDED'));
    expect(await runsOf(id)).toHaveLength(1);
  });

  test('a rolled-back write starts no run', async () => {
    const id = await createDeal('Rolled back', 20);
    const opened = server.database.opened.db;
    await expect(
      opened.transaction(async (tx) => {
        const inTx = transactionAsDatabase(tx);
        const writer = createRecordService({
          db: inTx,
          events: server.instance.services.events,
          hooks: withWorkflowHooks(opened),
        });
        const snapshot = await server.instance.services.workspaces.snapshotOf(server.workspace.id);
        await writer.update(
          { snapshot, actor: { kind: 'system', id: null, role: 'admin' }, via: 'system' },
          'deal',
          id,
          { won: true },
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The queue drained: had the write committed, its change job would have started a run by now.
    await until('the queue to drain', async () => (await queuedJobs(db(), 'record:changed')).length === 0);
    expect(await runsOf(id)).toEqual([]);
  });

  test('a step failing twice then passing is retried with backoff and logged per attempt', async () => {
    failuresLeft = 2;
    const id = await createDeal('Flaky', 15);
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { won: true }) { id } }', { id });
    const run = await until(
      'the run to succeed',
      async () => (await runsOf(id)).find((r) => r.status === 'SUCCEEDED'),
      45_000,
    );
    const calls = (await stepLog(run.id)).filter((s) => s.step_key === 'call');
    expect(calls.map((s) => [s.attempt, s.status])).toEqual([
      [1, 'FAILED'],
      [2, 'FAILED'],
      [3, 'SUCCEEDED'],
    ]);
    expect(calls[0]!.error).toContain('503');
    expect(received.filter((r) => r.body.startsWith('Flaky')).map((r) => r.key)).toEqual([
      `${run.id}:call:1`,
      `${run.id}:call:2`,
      `${run.id}:call:3`,
    ]);
    // The task was created once: the HTTP retries did not repeat the steps before them.
    const { rows } = await db().query(`select 1 from ws_runs.tasks where title = 'Onboard Flaky'`);
    expect(rows).toHaveLength(1);
  });

  test('workflows that trigger each other stop at the cascade depth limit, with the reason', async () => {
    const loop = {
      trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['touches'] },
      steps: [
        {
          key: 'again',
          type: 'update_records',
          settings: { object: 'deal', values: { touches: '{{ record.touches + 1 }}' } },
        },
      ],
    };
    const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
      'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
      { i: { name: 'Touch loop', definition: loop } },
    );
    await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
    const id = await createDeal('Loop', 1);
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { touches: 1 }) { id } }', { id });
    const stopped = await until('the loop to stop', async () => (await runsOf(id)).find((r) => r.status === 'FAILED'));
    expect(stopped.error).toContain('workflows trigger each other in a loop');
    const runs = await runsOf(id);
    expect(runs.map((r) => [r.depth, r.status])).toEqual([
      [0, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
      [2, 'SUCCEEDED'],
      [3, 'SUCCEEDED'],
      [4, 'SUCCEEDED'],
      [5, 'SUCCEEDED'],
      [6, 'FAILED'],
    ]);
    const { deal } = await data<{ deal: { touches: number } }>('query($id: ID!) { deal(id: $id) { touches } }', { id });
    expect(deal.touches).toBe(7);
    await metadata('mutation($id: ID!) { deactivateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
  });

  test('a failed run is listed with its log, retried from the failing step, and a waiting run cancelled', async () => {
    failuresLeft = 3;
    const id = await createDeal('Down', 30);
    await data('mutation($id: ID!) { updateDeal(id: $id, data: { won: true }) { id } }', { id });
    const failed = await until(
      'the run to fail',
      async () => (await runsOf(id)).find((r) => r.status === 'FAILED'),
      45_000,
    );
    expect(failed.error).toContain('Step "call" failed 3 times: The HTTP request answered 503.');
    const workflowId = (
      await db().query<{ workflow_id: string }>('select workflow_id from relata.workflow_runs where id = $1', [
        failed.id,
      ])
    ).rows[0]!.workflow_id;
    const listed = await metadata<{
      workflowRuns: { id: string; status: string; steps: { step: string; status: string }[] }[];
    }>(
      'query($w: ID!) { workflowRuns(workflowId: $w) { id status currentStep steps { step attempt status input output error durationMs } } }',
      { w: workflowId },
    );
    const shown = listed.workflowRuns.find((r) => r.id === failed.id)!;
    expect(shown.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'big:SUCCEEDED',
      'task:SUCCEEDED',
      'call:FAILED',
      'call:FAILED',
      'call:FAILED',
    ]);
    const retried = await metadata<{ retryWorkflowRun: { status: string } }>(
      'mutation($id: ID!) { retryWorkflowRun(id: $id) { status } }',
      { id: failed.id },
    );
    expect(retried.retryWorkflowRun.status).toBe('RUNNING');
    await until(
      'the retried run to succeed',
      async () => (await runsOf(id)).find((r) => r.status === 'SUCCEEDED'),
      45_000,
    );
    expect(
      (await stepLog(failed.id)).filter((s) => s.status === 'SUCCEEDED').map((s) => `${s.step_key}:${s.attempt}`),
    ).toEqual(['big:1', 'task:1', 'call:4', 'note:1']);
    const { rows } = await db().query(`select 1 from ws_runs.tasks where title = 'Onboard Down'`);
    expect(rows).toHaveLength(1);

    const waiting = {
      trigger: { type: 'RECORD_CREATED', object: 'deal', condition: { title: { eq: 'Wait a day' } } },
      steps: [
        { key: 'pause', type: 'wait', settings: { amount: 1, unit: 'DAYS' }, next: 'later' },
        { key: 'later', type: 'update_records', settings: { object: 'deal', values: { note: 'a day later' } } },
      ],
    };
    const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
      'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
      { i: { name: 'Wait a day', definition: waiting } },
    );
    await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
    const slow = await createDeal('Wait a day', 1);
    const paused = await until('the run to wait', async () => (await runsOf(slow)).find((r) => r.status === 'WAITING'));
    // The queue removes the finished "pause" job just after its transaction committed the wait.
    const queued = await until('only the next step to be queued', async () => {
      const jobs = (await queuedJobs<{ runId: string; step: string }>(db(), 'workflow:step')).filter(
        (j) => j.payload.runId === paused.id,
      );
      return jobs.length === 1 ? jobs : null;
    });
    expect(queued[0]!.payload.step).toBe('later');
    const cancelled = await metadata<{ cancelWorkflowRun: { status: string } }>(
      'mutation($id: ID!) { cancelWorkflowRun(id: $id) { status } }',
      { id: paused.id },
    );
    expect(cancelled.cancelWorkflowRun.status).toBe('CANCELLED');
    const again = await server.metadataGql('mutation($id: ID!) { cancelWorkflowRun(id: $id) { status } }', {
      id: paused.id,
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
  }, 150_000);
});
