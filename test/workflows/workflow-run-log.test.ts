import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { activeWorkflow, apiOf, createObject, finishedRun } from './workflow-test-kit';

let server: TestServer;
let clerkToken: string;
let adminId: string;
let workflowId: string;
const deals: Record<string, string> = {};

const RUN_FIELDS = `id workflowName status object recordId error
  steps { step iteration attempt status input output error }`;

interface LoggedRun {
  id: string;
  recordId: string;
  status: string;
  steps: { step: string; status: string; input: Record<string, unknown> | null; output: unknown }[];
}

beforeAll(async () => {
  server = await startTestServer({ workspace: 'runlog', worker: true });
  const { metadata } = apiOf(server);
  await createObject(server, { singular: 'deal', plural: 'deals' }, [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'secret', label: 'Secret', type: 'TEXT' },
    { name: 'region', label: 'Region', type: 'TEXT' },
  ]);
  await createObject(server, { singular: 'memo', plural: 'memos' }, [{ name: 'text', label: 'Text', type: 'TEXT' }]);
  await metadata('mutation { createRole(input: { name: "clerk", label: "Clerk" }) { applied } }');
  await metadata(
    `mutation { setObjectPermission(role: "clerk", object: "deal", input: { canRead: true, recordScope: CONDITION,
       recordCondition: { region: { eq: "west" } } }) { applied } }`,
  );
  await metadata(
    'mutation { setFieldPermission(role: "clerk", object: "deal", field: "secret", canRead: false, canWrite: false) { applied } }',
  );
  const clerk = { email: 'clerk@runlog.test', password: 'clerk password long enough' };
  await createUser(server.database.opened.db, { workspace: 'runlog', ...clerk, role: 'clerk' });
  clerkToken = (await server.signIn(clerk.email, clerk.password)).body.token as string;
  adminId = (await apiOf(server).data<{ me: { id: string } }>('{ me { id } }')).me.id;
  workflowId = await activeWorkflow(server, 'Review deals', {
    trigger: { type: 'RECORD_CREATED', object: 'deal' },
    steps: [
      { key: 'find', type: 'find_records', settings: { object: 'deal', limit: 10 }, next: 'memo' },
      {
        key: 'memo',
        type: 'create_record',
        settings: { object: 'memo', values: { text: '{{ record.title }}' } },
        next: 'tell',
      },
      {
        key: 'tell',
        type: 'notify_user',
        settings: { userId: adminId, title: 'Secret: {{ record.secret }}', body: 'Deal {{ record.title }}' },
        next: 'check',
      },
      {
        key: 'check',
        type: 'condition',
        settings: { branches: [{ when: 'record.secret == "none"', next: 'stamp' }], otherwise: 'stamp' },
      },
      {
        key: 'stamp',
        type: 'update_records',
        settings: {
          object: 'deal',
          values: { title: '{{ record.title }} (reviewed)', secret: '{{ record.secret }}!' },
        },
      },
    ],
  });
  for (const [title, region] of [
    ['Alpha', 'west'],
    ['Beta', 'east'],
  ] as const) {
    const { createDeal } = await apiOf(server).data<{ createDeal: { id: string } }>(
      'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }',
      { d: { title, region, secret: `s3cr3t-${region}` } },
    );
    deals[title] = createDeal.id;
    expect((await finishedRun(server, createDeal.id)).status).toBe('SUCCEEDED');
  }
});
afterAll(async () => {
  await server?.close();
});

const asClerk = <T>(query: string, variables: Record<string, unknown> = {}) =>
  apiOf(server).data<T>(query, variables, clerkToken);

describe('run logs on /graphql', () => {
  test('the admin reads every value (so the log does hold the secret the clerk must not see)', async () => {
    const { recordWorkflowRuns } = await apiOf(server).data<{ recordWorkflowRuns: LoggedRun[] }>(
      `query($id: ID!) { recordWorkflowRuns(object: "deal", recordId: $id) { ${RUN_FIELDS} } }`,
      { id: deals.Alpha },
    );
    expect(recordWorkflowRuns).toHaveLength(1);
    expect(JSON.stringify(recordWorkflowRuns)).toContain('s3cr3t-west');
    expect(recordWorkflowRuns[0]!.steps.find((s) => s.step === 'memo')!.output).toMatchObject({ text: 'Alpha' });
  });

  test('a reader without a field right never sees its value; records they cannot see are absent', async () => {
    const { recordWorkflowRuns } = await asClerk<{ recordWorkflowRuns: LoggedRun[] }>(
      `query($id: ID!) { recordWorkflowRuns(object: "deal", recordId: $id) { ${RUN_FIELDS} } }`,
      { id: deals.Alpha },
    );
    expect(recordWorkflowRuns).toHaveLength(1);
    const text = JSON.stringify(recordWorkflowRuns);
    expect(text).not.toContain('s3cr3t');
    const step = (key: string) => recordWorkflowRuns[0]!.steps.find((s) => s.step === key)!;
    // Found deals: the west one (readable) without its secret, the east one (out of scope) absent.
    const found = step('find').output as { records: Record<string, unknown>[]; count: number };
    expect(found.records.map((r) => r.title)).toEqual(['Alpha']);
    expect(found.records[0]).not.toHaveProperty('secret');
    // A record of an object the clerk cannot read is absent.
    expect(step('memo').output).toBeNull();
    // Settings computed from the hidden field are left out, and so is what the step derived from them.
    expect(step('tell').input).toEqual({ userId: adminId, body: 'Deal Alpha' });
    expect(step('tell').output).toEqual({ notificationId: null, userId: null });
    expect(step('check').output).toEqual({ branch: null });
    expect(step('stamp').input).toEqual({ object: 'deal', values: { title: 'Alpha (reviewed)' } });
  });

  test("a workflow's writes are audited with its run as actor, named “workflow” version V run R", async () => {
    const { rows } = await server.database.opened.db.query<{ actor_id: string; actor_kind: string; via: string }>(
      `select actor_id, actor_kind, via from relata.audit_log where record_id = $1 and action <> 'create'`,
      [deals.Alpha],
    );
    expect(rows).toHaveLength(1);
    const run = (
      await server.database.opened.db.query<{ id: string }>(
        'select id from relata.workflow_runs where record_id = $1',
        [deals.Alpha],
      )
    ).rows[0]!;
    expect(rows[0]).toEqual({ actor_id: run.id, actor_kind: 'system', via: 'workflow' });
    const { actors } = await asClerk<{ actors: { id: string; kind: string; name: string }[] }>(
      'query($ids: [ID!]!) { actors(ids: $ids) { id kind name } }',
      { ids: [run.id] },
    );
    expect(actors).toEqual([{ id: run.id, kind: 'workflowRun', name: `“Review deals” version 1 run ${run.id}` }]);
  });

  test('a reader without record rights never sees the run, by record or by workflow', async () => {
    const byRecord = await asClerk<{ recordWorkflowRuns: LoggedRun[] }>(
      `query($id: ID!) { recordWorkflowRuns(object: "deal", recordId: $id) { id } }`,
      { id: deals.Beta },
    );
    expect(byRecord.recordWorkflowRuns).toEqual([]);
    const byWorkflow = await asClerk<{ workflowRuns: LoggedRun[] }>(
      `query($id: ID!) { workflowRuns(workflowId: $id) { ${RUN_FIELDS} } }`,
      { id: workflowId },
    );
    expect(byWorkflow.workflowRuns.map((r) => r.recordId)).toEqual([deals.Alpha]);
    expect(JSON.stringify(byWorkflow)).not.toContain('s3cr3t');
    const unknown = await server.gql(
      '{ recordWorkflowRuns(object: "memo", recordId: "01938f4e-0000-7000-8000-000000000000") { id } }',
      {},
      clerkToken,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
