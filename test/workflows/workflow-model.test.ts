import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;

const WORKFLOW = 'id name active publishedVersion hasDraft definition problem versions { version definition }';

async function metadata<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
  const result = await server.metadataGql<T>(query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

const createField = (object: string, input: Record<string, unknown>) =>
  metadata('mutation($o: String!, $i: CreateFieldInput!) { createField(object: $o, input: $i) { applied } }', {
    o: object,
    i: input,
  });

beforeAll(async () => {
  server = await startTestServer({ workspace: 'flows' });
  await metadata(
    'mutation { createObject(input: { nameSingular: "deal", namePlural: "deals", labelSingular: "Deal", labelPlural: "Deals" }) { applied } }',
  );
  await createField('deal', { name: 'title', label: 'Title', type: 'TEXT' });
  await createField('deal', { name: 'won', label: 'Won', type: 'BOOLEAN' });
  await createField('deal', { name: 'seats', label: 'Seats', type: 'NUMBER' });
  await createField('deal', { name: 'note', label: 'Note', type: 'TEXT' });
});
afterAll(async () => {
  await server?.close();
});

const definition = (subject: string) => ({
  trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['won'], condition: { won: { eq: true } } },
  steps: [
    {
      key: 'big',
      type: 'condition',
      settings: { branches: [{ when: 'record.seats >= 10', next: 'notify' }] },
    },
    {
      key: 'notify',
      type: 'http_request',
      settings: {
        method: 'POST',
        url: 'https://hooks.example.com/won',
        body: subject,
        headers: { 'x-note': '{{ record.note }}' },
      },
    },
  ],
});

type Workflow = {
  id: string;
  active: boolean;
  publishedVersion: number | null;
  hasDraft: boolean;
  definition: ReturnType<typeof definition>;
  problem: string | null;
  versions: { version: number; definition: ReturnType<typeof definition> }[];
};

describe('workflows on /metadata', () => {
  let id: string;

  test('a new workflow is an inactive draft, shown with names and stored with ids', async () => {
    const { createWorkflow } = await metadata<{ createWorkflow: Workflow }>(
      `mutation($i: WorkflowInput!) { createWorkflow(input: $i) { ${WORKFLOW} } }`,
      { i: { name: 'Big deal won', definition: definition('Won: {{ record.title }}') } },
    );
    id = createWorkflow.id;
    expect(createWorkflow).toMatchObject({
      active: false,
      publishedVersion: null,
      hasDraft: true,
      problem: null,
      versions: [],
    });
    expect(createWorkflow.definition.steps[1]!.settings).toEqual({
      method: 'POST',
      url: 'https://hooks.example.com/won',
      body: 'Won: {{ record.title }}',
      headers: { 'x-note': '{{ record.note }}' },
    });

    const { rows } = await server.database.opened.db.query<{ draft: unknown }>(
      'select draft from relata.workflows where id = $1',
      [id],
    );
    const stored = JSON.stringify(rows[0]!.draft);
    expect(stored).toMatch(/record\.#[0-9a-f-]{36}/);
    expect(stored).not.toContain('record.title');
    expect(stored).not.toContain('"deal"');
  });

  test('errors name the step, the setting and the offending part', async () => {
    const bad = await server.metadataGql('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
      i: { name: 'Broken', definition: definition('Won: {{ record.titel }}') },
    });
    expect(bad.errors?.[0]).toMatchObject({
      message: 'Step "notify", setting "body": deal has no field "titel" at "titel".',
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'steps.notify.body',
        step: 'notify',
        setting: 'body',
        fragment: 'titel',
      },
    });
    const cycle = definition('x');
    Object.assign(cycle.steps[1]!, { next: 'big' });
    const checked = await server.metadataGql('query($d: JSON!) { checkWorkflowDefinition(definition: $d) }', {
      d: cycle,
    });
    expect(checked.errors?.[0]?.extensions).toMatchObject({
      field: 'steps.notify.next',
      step: 'notify',
      setting: 'next',
    });
    const duplicate = await server.metadataGql('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
      i: { name: 'Big deal won', definition: definition('x') },
    });
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  test('activating publishes versions; editing makes a draft while the version runs on', async () => {
    const first = await metadata<{ activateWorkflow: Workflow }>(
      `mutation($id: ID!) { activateWorkflow(id: $id) { ${WORKFLOW} } }`,
      { id },
    );
    expect(first.activateWorkflow).toMatchObject({ active: true, publishedVersion: 1, hasDraft: false });

    const edited = await metadata<{ updateWorkflow: Workflow }>(
      `mutation($id: ID!, $i: WorkflowInput!) { updateWorkflow(id: $id, input: $i) { ${WORKFLOW} } }`,
      { id, i: { definition: definition('Closed {{ upper(record.title) }}') } },
    );
    expect(edited.updateWorkflow).toMatchObject({ active: true, publishedVersion: 1, hasDraft: true });

    const second = await metadata<{ activateWorkflow: Workflow }>(
      `mutation($id: ID!) { activateWorkflow(id: $id) { ${WORKFLOW} } }`,
      { id },
    );
    expect(second.activateWorkflow.publishedVersion).toBe(2);
    expect(second.activateWorkflow.versions.map((v) => [v.version, v.definition.steps[1]!.settings.body])).toEqual([
      [2, 'Closed {{ upper(record.title) }}'],
      [1, 'Won: {{ record.title }}'],
    ]);

    const off = await metadata<{ deactivateWorkflow: Workflow }>(
      `mutation($id: ID!) { deactivateWorkflow(id: $id) { ${WORKFLOW} } }`,
      { id },
    );
    expect(off.deactivateWorkflow).toMatchObject({ active: false, publishedVersion: 2, hasDraft: false });
  });

  test('renaming a field renames it in every version; deleting it is reported and blocks activation', async () => {
    await metadata('mutation { updateField(object: "deal", name: "title", input: { name: "headline" }) { applied } }');
    const { workflow } = await metadata<{ workflow: Workflow }>(
      `query($id: ID!) { workflow(id: $id) { ${WORKFLOW} } }`,
      {
        id,
      },
    );
    expect(workflow.versions.map((v) => v.definition.steps[1]!.settings.body)).toEqual([
      'Closed {{ upper(record.headline) }}',
      'Won: {{ record.headline }}',
    ]);

    await metadata('mutation { deleteField(object: "deal", name: "note") { applied } }');
    const after = await metadata<{ workflow: Workflow }>(`query($id: ID!) { workflow(id: $id) { ${WORKFLOW} } }`, {
      id,
    });
    expect(after.workflow.problem).toContain('Step "notify", setting "headers.x-note": deal has no field with id');
    const refused = await server.metadataGql('mutation($id: ID!) { activateWorkflow(id: $id) { id } }', { id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'steps.notify.headers.x-note',
    });
  });

  test('every built-in step type runs, so a workflow of them activates', async () => {
    const { createWorkflow } = await metadata<{ createWorkflow: Workflow }>(
      'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
      {
        i: {
          name: 'Notify',
          definition: {
            trigger: { type: 'MANUAL', object: 'deal' },
            steps: [{ key: 'tell', type: 'notify_user', settings: { title: 'Hi' } }],
          },
        },
      },
    );
    const activated = await metadata<{ activateWorkflow: { active: boolean } }>(
      'mutation($id: ID!) { activateWorkflow(id: $id) { active } }',
      { id: createWorkflow.id },
    );
    expect(activated.activateWorkflow.active).toBe(true);
  });

  test('the editor can list step types and functions', async () => {
    const data = await metadata<{ workflowStepTypes: { type: string }[]; expressionFunctions: { name: string }[] }>(
      '{ workflowStepTypes { type label settings } expressionFunctions { name description params } }',
    );
    expect(data.workflowStepTypes.map((t) => t.type)).toContain('send_email');
    expect(data.expressionFunctions.map((f) => f.name)).toContain('formatDate');
  });

  test('deleting a workflow removes its versions', async () => {
    await metadata('mutation($id: ID!) { deleteWorkflow(id: $id) { id } }', { id });
    const { rows } = await server.database.opened.db.query<{ n: number }>(
      'select count(*)::int as n from relata.workflow_versions where workflow_id = $1',
      [id],
    );
    expect(rows[0]!.n).toBe(0);
    const gone = await server.metadataGql('query($id: ID!) { workflow(id: $id) { id } }', { id });
    expect(gone.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
