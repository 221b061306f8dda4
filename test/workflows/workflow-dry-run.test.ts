import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { queuedJobs } from '../support/queued-jobs';
import { startTestServer, type TestServer } from '../support/test-server';
import { apiOf, createObject } from './workflow-test-kit';

let server: TestServer;
let smtp: SmtpCapture;
let hook: Server;
let httpCalls = 0;
let port = 0;
let memberId: string;
let dealId: string;

interface DryRun {
  steps: {
    stepId: string;
    type: string;
    status: string;
    iteration: string;
    input: Record<string, unknown>;
    effects: Record<string, unknown>[];
    output: Record<string, unknown> | null;
    error: string | null;
  }[];
  error: string | null;
}

const DRY_RUN = `mutation($w: ID, $d: JSON, $r: ID, $p: JSON) {
  dryRunWorkflow(workflowId: $w, definition: $d, recordId: $r, payload: $p) {
    steps { stepId type status iteration input effects output error } error
  }
}`;

const definition = () => ({
  trigger: { type: 'RECORD_UPDATED', object: 'deal' },
  steps: [
    { key: 'task', type: 'create_task', settings: { values: { title: 'Onboard {{ record.title }}' } }, next: 'mail' },
    {
      key: 'mail',
      type: 'send_email',
      settings: { to: 'boss@example.com', subject: 'Deal {{ record.title }}', body: 'Task {{ steps.task.id }}' },
      next: 'call',
    },
    {
      key: 'call',
      type: 'http_request',
      settings: { method: 'POST', url: `http://127.0.0.1:${port}/won`, body: '{{ record.title }}' },
      next: 'note',
    },
    {
      key: 'note',
      type: 'update_records',
      settings: { object: 'deal', values: { note: 'task {{ steps.task.id }}' } },
      next: 'tell',
    },
    {
      key: 'tell',
      type: 'notify_user',
      settings: { userId: memberId, title: 'Deal {{ record.title }}' },
      next: 'give',
    },
    { key: 'give', type: 'assign_owner', settings: { object: 'deal', users: [memberId] } },
  ],
});

beforeAll(async () => {
  smtp = await startSmtpCapture();
  hook = createServer((_request, response) => {
    httpCalls += 1;
    response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  port = (hook.address() as AddressInfo).port;
  server = await startTestServer({
    workspace: 'dryrun',
    worker: true,
    activities: true,
    smtpUrl: smtp.url,
    outbound: { allowLoopbackPorts: [port] },
  });
  memberId = (
    await createUser(server.database.opened.db, {
      workspace: 'dryrun',
      email: 'rep@dryrun.test',
      password: 'rep password long enough',
      role: 'member',
    })
  ).id;
  await createObject(server, { singular: 'deal', plural: 'deals' }, [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'note', label: 'Note', type: 'TEXT' },
    { name: 'seats', label: 'Seats', type: 'NUMBER' },
  ]);
  dealId = (
    await apiOf(server).data<{ createDeal: { id: string } }>('mutation { createDeal(data: { title: "Acme" }) { id } }')
  ).createDeal.id;
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

/** Every trace a real run would leave: rows, jobs, mails, HTTP calls. */
async function traces() {
  const db = server.database.opened.db;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(`select count(*) as n from ${sql}`, params)).rows[0]!.n);
  return {
    tasks: await count('ws_dryrun.tasks'),
    notes: await count('ws_dryrun.deals where note is not null or owner_id = $1', [memberId]),
    audit: await count('relata.audit_log'),
    runs: await count('relata.workflow_runs'),
    workflows: await count('relata.workflows'),
    notifications: await count('relata.notifications'),
    turns: await count('relata.workflow_round_robins'),
    mailJobs: (await queuedJobs(db, 'workflow:mail')).length,
    mails: smtp.received.length,
    httpCalls,
  };
}

describe('dryRunWorkflow', () => {
  test('shows what each step would do, with outputs later steps see, and leaves no trace', async () => {
    const before = await traces();
    const { dryRunWorkflow } = await apiOf(server).metadata<{ dryRunWorkflow: DryRun }>(DRY_RUN, {
      d: definition(),
      r: dealId,
    });
    expect(dryRunWorkflow.error).toBeNull();
    expect(dryRunWorkflow.steps.map((s) => [s.stepId, s.type, s.status])).toEqual([
      ['task', 'create_task', 'DONE'],
      ['mail', 'send_email', 'DONE'],
      ['call', 'http_request', 'DONE'],
      ['note', 'update_records', 'DONE'],
      ['tell', 'notify_user', 'DONE'],
      ['give', 'assign_owner', 'DONE'],
    ]);
    const [task, mail, call, note, tell, give] = dryRunWorkflow.steps;
    const taskId = task!.output!.id as string;
    expect(task!.effects).toEqual([{ kind: 'create', object: 'task', id: taskId, values: { title: 'Onboard Acme' } }]);
    expect(mail!.effects).toEqual([
      { kind: 'email', to: ['boss@example.com'], subject: 'Deal Acme', body: `Task ${taskId}` },
    ]);
    expect(call!.effects).toEqual([
      expect.objectContaining({ kind: 'http', method: 'POST', url: `http://127.0.0.1:${port}/won`, body: 'Acme' }),
    ]);
    expect(call!.output).toEqual({ status: null, headers: {}, body: null });
    expect(note!.effects).toEqual([{ kind: 'update', object: 'deal', id: dealId, values: { note: `task ${taskId}` } }]);
    expect(tell!.effects).toEqual([{ kind: 'notify', userId: memberId, title: 'Deal Acme', body: null }]);
    expect(give!.effects).toEqual([{ kind: 'assign', object: 'deal', id: dealId, ownerId: memberId }]);
    expect(await traces()).toEqual(before);
  });

  test('a saved workflow runs on a sample payload; a failing step stops the dry run with its error', async () => {
    const { metadata } = apiOf(server);
    const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
      'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
      {
        i: {
          name: 'Seats check',
          definition: {
            trigger: { type: 'RECORD_CREATED', object: 'deal' },
            steps: [
              {
                key: 'make',
                type: 'create_record',
                settings: { object: 'deal', values: { title: '{{ record.title }} copy', seats: '{{ record.title }}' } },
                next: 'after',
              },
              { key: 'after', type: 'notify_user', settings: { userId: memberId, title: 'never' } },
            ],
          },
        },
      },
    );
    const before = await traces();
    const { dryRunWorkflow } = await metadata<{ dryRunWorkflow: DryRun }>(DRY_RUN, {
      w: createWorkflow.id,
      p: { record: { title: 'Sample' } },
    });
    expect(dryRunWorkflow.steps.map((s) => [s.stepId, s.status])).toEqual([['make', 'FAILED']]);
    expect(dryRunWorkflow.steps[0]!.input).toEqual({
      object: 'deal',
      values: { title: 'Sample copy', seats: 'Sample' },
    });
    expect(dryRunWorkflow.steps[0]!.error).toBeTruthy();
    expect(dryRunWorkflow.error).toContain('Step "make" would fail');
    expect(await traces()).toEqual(before);
  });

  test('a workflow running as a role is refused in the dry run exactly as in a real run', async () => {
    const before = await traces();
    const { dryRunWorkflow } = await apiOf(server).metadata<{ dryRunWorkflow: DryRun }>(DRY_RUN, {
      d: { ...definition(), runAs: 'read-only' },
      r: dealId,
    });
    expect(dryRunWorkflow.steps.map((s) => [s.stepId, s.status])).toEqual([['task', 'FAILED']]);
    expect(dryRunWorkflow.steps[0]!.error).toMatch(/^Role "read-only" was refused \(FORBIDDEN, object task\)/);
    expect(dryRunWorkflow.error).toContain('Step "task" would fail: Role "read-only" was refused');
    expect(await traces()).toEqual(before);
  });

  test('bad arguments are refused naming the argument', async () => {
    const both = await server.metadataGql(DRY_RUN, { w: dealId, d: definition() });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workflowId' });
    const missing = await server.metadataGql(DRY_RUN, { d: definition(), r: '01938f4e-0000-7000-8000-000000000000' });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'recordId' });
    const member = await server.signIn('rep@dryrun.test', 'rep password long enough');
    const refused = await server.metadataGql(DRY_RUN, { d: definition(), r: dealId }, member.body.token as string);
    expect(refused.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });
});
