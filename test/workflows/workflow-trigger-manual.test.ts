import { createApiKey } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { triggerSuite, until } from './workflow-trigger-support';

let server: TestServer;
const suite = triggerSuite(() => server);
let workflowId: string;
let repKey: string;

const createDeal = async (title: string, region: string) =>
  (
    await suite.data<{ createDeal: { id: string } }>('mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', {
      d: { title, region },
    })
  ).createDeal.id;

const RUN = 'mutation($w: ID!, $ids: [ID!]!) { runWorkflow(workflowId: $w, recordIds: $ids) { runId recordId } }';

beforeAll(async () => {
  server = await startTestServer({ workspace: 'manual', worker: true });
  await suite.createObject('deal', 'deals', { title: 'TEXT', region: 'TEXT', note: 'TEXT' });
  await suite.createObject('memo', 'memos', { body: 'TEXT' });
  workflowId = await suite.activeWorkflow('Stamp', {
    trigger: { type: 'MANUAL', object: 'deal' },
    steps: [
      {
        key: 'stamp',
        type: 'update_records',
        settings: { object: 'deal', values: { note: 'stamped {{ record.title }} for {{ actor.kind }}' } },
      },
    ],
  });
  // Another manual workflow, inactive: never listed.
  await suite.metadata('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
    i: { name: 'Draft only', definition: { trigger: { type: 'MANUAL', object: 'deal' }, steps: [] } },
  });
  await suite.metadata(
    'mutation { createRole(input: { name: "rep", label: "Rep", defaultAccess: NONE }) { applied } }',
  );
  await suite.metadata(
    `mutation($c: JSON) { setObjectPermission(role: "rep", object: "deal", input: { canRead: true, recordScope: CONDITION, recordCondition: $c }) { applied } }`,
    { c: { region: { eq: 'north' } } },
  );
  await suite.metadata(
    'mutation { setObjectPermission(role: "rep", object: "memo", input: { canRead: false }) { applied } }',
  );
  repKey = (await createApiKey(suite.db(), { workspace: 'manual', role: 'rep', name: 'rep' })).key;
});
afterAll(async () => {
  await server?.close();
});

describe('manual trigger', () => {
  test('manualWorkflows lists the active manual workflows of a readable object', async () => {
    const query = 'query($o: String!) { manualWorkflows(object: $o) { id name description object } }';
    expect((await suite.data(query, { o: 'deal' })).manualWorkflows).toEqual([
      { id: workflowId, name: 'Stamp', description: null, object: 'deal' },
    ]);
    expect((await suite.data(query, { o: 'memo' })).manualWorkflows).toEqual([]);
    expect((await suite.data(query, { o: 'deal' }, repKey)).manualWorkflows).toHaveLength(1);
    expect((await suite.data(query, { o: 'memo' }, repKey)).manualWorkflows).toEqual([]);
  });

  test('runWorkflow starts one run per record, the record as its input, and the steps run', async () => {
    const a = await createDeal('Acme', 'north');
    const b = await createDeal('Beta', 'south');
    const { runWorkflow } = await suite.data<{ runWorkflow: { runId: string; recordId: string }[] }>(RUN, {
      w: workflowId,
      ids: [a, b],
    });
    expect(runWorkflow.map((r) => r.recordId).sort()).toEqual([a, b].sort());
    await until('both runs to succeed', async () =>
      (await suite.runsOf(workflowId)).filter((r) => r.status === 'SUCCEEDED').length === 2 ? true : null,
    );
    const runs = await suite.runsOf(workflowId);
    expect(runs.map((r) => r.id).sort()).toEqual(runWorkflow.map((r) => r.runId).sort());
    expect(runs.find((r) => r.record_id === a)!.input.record).toMatchObject({ id: a, title: 'Acme' });
    const { deals } = await suite.data<{ deals: { nodes: { title: string; note: string }[] } }>(
      '{ deals(orderBy: [{ title: AscNullsLast }]) { nodes { title note } } }',
    );
    expect(deals.nodes).toEqual([
      { title: 'Acme', note: 'stamped Acme for user' },
      { title: 'Beta', note: 'stamped Beta for user' },
    ]);
  });

  test('a record the caller cannot read is NOT_FOUND, and no run starts for any record', async () => {
    const north = await createDeal('North', 'north');
    const south = await createDeal('South', 'south');
    const before = (await suite.runsOf(workflowId)).length;
    const refused = await server.gql(RUN, { w: workflowId, ids: [north, south] }, repKey);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'recordIds' });
    expect(refused.errors?.[0]?.message).toContain(south);
    expect(await suite.runsOf(workflowId)).toHaveLength(before);
    // The readable one alone runs, acting for the key.
    const allowed = await suite.data<{ runWorkflow: unknown[] }>(RUN, { w: workflowId, ids: [north] }, repKey);
    expect(allowed.runWorkflow).toHaveLength(1);
    await until('the run', async () =>
      (await suite.runsOf(workflowId)).find((r) => r.record_id === north && r.status === 'SUCCEEDED'),
    );
    expect((await suite.runsOf(workflowId)).find((r) => r.record_id === north)!.input.actor).toMatchObject({
      kind: 'apiKey',
      role: 'rep',
    });
  });

  test.each([
    [
      'an unknown workflow',
      () => ({ w: '0190c0de-0000-7000-8000-000000000000', ids: ['0190c0de-0000-7000-8000-000000000001'] }),
      'workflowId',
    ],
    ['an id that is not a uuid', () => ({ w: workflowId, ids: ['nope'] }), 'recordIds'],
    ['no records', () => ({ w: workflowId, ids: [] as string[] }), 'recordIds'],
  ])('%s is BAD_USER_INPUT naming the argument', async (_case, variables, field) => {
    const result = await server.gql(RUN, variables());
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('a deleted record is NOT_FOUND', async () => {
    const id = await createDeal('Gone', 'north');
    await suite.data('mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id });
    const result = await server.gql(RUN, { w: workflowId, ids: [id] });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'recordIds' });
  });
});
