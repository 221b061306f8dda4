import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { triggerSuite, until } from '../workflows/workflow-trigger-support';

let server: TestServer;
const suite = triggerSuite(() => server);
let formId: string;
let workflowId: string;

const FORM = 'id name title object path role fields { field label required }';

async function createForm(input: Record<string, unknown>) {
  const { createForm } = await suite.metadata<{ createForm: { id: string; path: string } }>(
    `mutation($i: CreateFormInput!) { createForm(input: $i) { ${FORM} } }`,
    { i: input },
  );
  return createForm;
}

const post = async (id: string, body: Record<string, unknown>) => {
  const response = await fetch(`${server.url}/forms/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { message?: string; error?: { code: string; field?: string } },
  };
};

const leads = async () =>
  (
    await suite
      .db()
      .query<{ name: string; email: string; score: number | null; note: string | null }>(
        'select name, email, score, note from ws_forms.leads order by created_at',
      )
  ).rows;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'forms', worker: true });
  await suite.createObject('lead', 'leads', {
    name: 'TEXT',
    email: 'EMAIL',
    score: 'NUMBER',
    note: 'TEXT',
    campaign: 'TEXT',
  });
  await suite.metadata(
    'mutation { createRole(input: { name: "web", label: "Web forms", defaultAccess: NONE }) { applied } }',
  );
  await suite.metadata(
    'mutation { setObjectPermission(role: "web", object: "lead", input: { canRead: false, canCreate: true }) { applied } }',
  );
  const form = await createForm({
    name: 'Web to lead',
    title: 'Talk to sales',
    object: 'lead',
    role: 'web',
    fields: [
      { field: 'name', required: true },
      { field: 'email', label: 'Work email', required: true },
      { field: 'score' },
    ],
  });
  formId = form.id;
  expect(form.path).toBe(`/forms/${formId}`);
  workflowId = await suite.activeWorkflow('Form follow-up', {
    trigger: { type: 'FORM', object: 'lead', form: formId },
    steps: [
      {
        key: 'mark',
        type: 'update_records',
        settings: { object: 'lead', values: { note: 'via form {{ record.name }}' } },
      },
    ],
  });
});
afterAll(async () => {
  await server?.close();
});

describe('public forms', () => {
  test('GET answers the definition as JSON, without role or object, and a page to browsers', async () => {
    const json = await fetch(`${server.url}/forms/${formId}`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({
      id: formId,
      title: 'Talk to sales',
      fields: [
        { name: 'name', label: 'name', type: 'TEXT', required: true, options: null },
        { name: 'email', label: 'Work email', type: 'EMAIL', required: true, options: null },
        { name: 'score', label: 'score', type: 'NUMBER', required: false, options: null },
      ],
      honeypot: 'website_url',
      submitPath: `/forms/${formId}`,
    });
    const page = await fetch(`${server.url}/forms/${formId}`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('x-frame-options')).toBeNull();
    const html = await page.text();
    expect(html).toContain('<h1>Talk to sales</h1>');
    expect(html).toContain('name="website_url"');
    expect(html).not.toContain('<script');
  });

  test('a submission creates the record as the form role and starts the FORM workflow', async () => {
    const sent = await post(formId, { name: 'Ada', email: 'ada@example.com', score: 7, campaign: 'injected' });
    expect(sent).toEqual({ status: 201, body: { message: 'Thank you, we received your submission.' } });
    await until('the form run', async () => (await suite.runsOf(workflowId)).find((r) => r.status === 'SUCCEEDED'));
    // Only the form's fields are taken: `campaign` is not on the form.
    expect(await leads()).toEqual([{ name: 'Ada', email: 'ada@example.com', score: 7, note: 'via form Ada' }]);
    const { rows } = await suite.db().query<{ campaign: string | null }>('select campaign from ws_forms.leads');
    expect(rows).toEqual([{ campaign: null }]);
  });

  test('a browser post (urlencoded) is read as text and thanked with a page', async () => {
    const response = await fetch(`${server.url}/forms/${formId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Grace', email: 'grace@example.com', score: '9', website_url: '' }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you, we received your submission.');
    expect((await leads()).map((l) => [l.name, l.score])).toContainEqual(['Grace', 9]);
  });

  test('a filled honeypot is thanked and stores nothing', async () => {
    const before = (await leads()).length;
    const sent = await post(formId, { name: 'Bot', email: 'bot@spam.test', website_url: 'http://spam.test' });
    expect(sent.status).toBe(201);
    expect(await leads()).toHaveLength(before);
  });

  test.each([
    ['a missing required field', { name: 'No mail' }, 'email'],
    ['an invalid email', { name: 'Bad', email: 'not-an-email' }, 'email'],
  ])('%s is BAD_USER_INPUT naming the field', async (_case, body, field) => {
    const sent = await post(formId, body);
    expect(sent.status).toBe(400);
    expect(sent.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test("the record is created with the form role's rights: a role that may not create is refused", async () => {
    await suite.metadata(
      'mutation { createRole(input: { name: "readonly", label: "Read only", defaultAccess: READ }) { applied } }',
    );
    const form = await createForm({
      name: 'Read only',
      title: 'x',
      object: 'lead',
      role: 'readonly',
      fields: [{ field: 'name' }],
    });
    const before = (await leads()).length;
    const sent = await post(form.id, { name: 'Nope' });
    expect(sent.body.error?.code).toBe('FORBIDDEN');
    expect(await leads()).toHaveLength(before);
  });

  test('an unknown or inactive form is 404', async () => {
    expect((await post('0190c0de-0000-7000-8000-000000000000', { name: 'x' })).status).toBe(404);
    const other = await createForm({
      name: 'Closed',
      title: 'Closed',
      object: 'lead',
      role: 'web',
      fields: [{ field: 'name' }],
    });
    await suite.metadata('mutation($id: ID!) { updateForm(id: $id, input: { active: false }) { active } }', {
      id: other.id,
    });
    expect((await post(other.id, { name: 'x' })).status).toBe(404);
    expect((await fetch(`${server.url}/forms/${other.id}`, { headers: { accept: 'application/json' } })).status).toBe(
      404,
    );
  });

  test('submissions are rate-limited per client and form', async () => {
    const limited = await createForm({
      name: 'Limited',
      title: 'Limited',
      object: 'lead',
      role: 'web',
      fields: [{ field: 'name' }],
    });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(limited.id, { name: `Burst ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  test('a FORM trigger naming an unknown form, or a form of another object, is refused on save, naming the setting', async () => {
    await suite.createObject('contact', 'contacts', { name: 'TEXT' });
    const save = (form: string, object = 'lead') =>
      server.metadataGql('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
        i: {
          name: `Form check ${form} ${object}`,
          definition: { trigger: { type: 'FORM', object, form }, steps: [] },
        },
      });
    const unknown = await save('0190a000-0000-7000-8000-00000000f0f0');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'definition.trigger.form' });
    expect(unknown.errors?.[0]?.message).toContain('no form');
    const otherObject = await save(formId, 'contact');
    expect(otherObject.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'definition.trigger.form',
    });
    expect(otherObject.errors?.[0]?.message).toContain('collects lead records, not contact records');
    expect((await save(formId)).errors).toBeUndefined();
  });

  test.each([
    ['a field a form cannot show', { fields: [{ field: 'id' }] }, 'input.fields.0.field'],
    ['an unknown role', { role: 'nobody' }, 'input.role'],
  ])('%s is refused on save, naming it', async (_case, input, field) => {
    const result = await server.metadataGql('mutation($i: CreateFormInput!) { createForm(input: $i) { id } }', {
      i: { name: `Bad ${field}`, title: 'x', object: 'lead', role: 'web', fields: [{ field: 'name' }], ...input },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
