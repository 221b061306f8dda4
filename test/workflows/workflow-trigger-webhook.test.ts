import { webhookSignature } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { triggerSuite, until } from './workflow-trigger-support';

let server: TestServer;
const suite = triggerSuite(() => server);
let workflowId: string;
let secret: string;
let path: string;
/** Calls per minute per address and hook on this suite's server (the suite makes about 20 to its main hook). */
const WEBHOOK_LIMIT = 30;

const ROTATE =
  'mutation($id: ID!) { rotateWorkflowWebhookSecret(id: $id) { secret webhook { path hasSecret signatureHeader timestampHeader } } }';

/** The route's answer: the run started, or a REST-shaped error. */
interface WebhookAnswer {
  runId?: string;
  error?: { code: string; field?: string; message: string };
}

interface Delivery {
  body?: string;
  timestamp?: number | null;
  signature?: string | null;
  key?: string;
  contentType?: string;
  to?: string;
}

/** POSTs a payload to the webhook, signed with `key` at `timestamp` unless told otherwise. */
async function deliver(options: Delivery = {}) {
  const body = options.body ?? JSON.stringify({ email: 'ada@example.com', name: 'Ada' });
  const timestamp = options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp;
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (timestamp !== null) headers['x-relata-timestamp'] = String(timestamp);
  const signature =
    options.signature === undefined && timestamp !== null
      ? webhookSignature(options.key ?? secret, timestamp, body)
      : options.signature;
  if (signature) headers['x-relata-signature'] = signature;
  const response = await fetch(`${server.url}${options.to ?? path}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as WebhookAnswer };
}

beforeAll(async () => {
  server = await startTestServer({ workspace: 'hooks', worker: true, limits: { webhookPerMinute: WEBHOOK_LIMIT } });
  await suite.createObject('lead', 'leads', { name: 'TEXT', email: 'EMAIL' });
  workflowId = await suite.activeWorkflow('Inbound leads', {
    trigger: {
      type: 'WEBHOOK',
      payloadSchema: {
        type: 'object',
        required: ['email'],
        properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', maxLength: 100 } },
      },
    },
    steps: [
      {
        key: 'lead',
        type: 'create_record',
        settings: {
          object: 'lead',
          values: { name: '{{ trigger.payload.name }}', email: '{{ trigger.payload.email }}' },
        },
      },
    ],
  });
  const { rotateWorkflowWebhookSecret } = await suite.metadata<{
    rotateWorkflowWebhookSecret: { secret: string; webhook: { path: string; hasSecret: boolean } };
  }>(ROTATE, { id: workflowId });
  secret = rotateWorkflowWebhookSecret.secret;
  path = rotateWorkflowWebhookSecret.webhook.path;
  expect(rotateWorkflowWebhookSecret.webhook).toMatchObject({
    path: `/hooks/workflows/${workflowId}`,
    hasSecret: true,
  });
});
afterAll(async () => {
  await server?.close();
});

describe('inbound webhook trigger', () => {
  test('a signed payload starts a run whose steps see it; the same delivery again is a refused replay', async () => {
    const body = JSON.stringify({ email: 'ada@example.com', name: 'Ada' });
    const timestamp = Math.floor(Date.now() / 1000);
    const accepted = await deliver({ body, timestamp });
    expect(accepted.status).toBe(202);
    await until('the run', async () =>
      (await suite.runsOf(workflowId)).find((r) => r.id === accepted.body.runId && r.status === 'SUCCEEDED'),
    );
    const { leads } = await suite.data<{ leads: { nodes: unknown[] } }>('{ leads { nodes { name email } } }');
    expect(leads.nodes).toEqual([{ name: 'Ada', email: 'ada@example.com' }]);

    const replay = await deliver({ body, timestamp });
    expect(replay).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(await suite.runsOf(workflowId)).toHaveLength(1);
  });

  test.each([
    ['a missing signature', { signature: null }],
    ['a missing timestamp', { timestamp: null, signature: 'v1=00' }],
    ['a wrong signature', { signature: `v1=${'0'.repeat(64)}` }],
    ['a signature made with another secret', { key: 'whsec_not-the-secret' }],
    ['a stale timestamp (correctly signed)', { timestamp: Math.floor(Date.now() / 1000) - 3600 }],
    ['a timestamp that is not a number', { timestamp: Number.NaN }],
  ])('%s is 401 UNAUTHENTICATED and starts nothing', async (_case, delivery) => {
    const before = (await suite.runsOf(workflowId)).length;
    const refused = await deliver(delivery);
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect(await suite.runsOf(workflowId)).toHaveLength(before);
  });

  test.each([
    ['malformed JSON', { body: '{"email": ' }, 400, 'BAD_USER_INPUT', 'body'],
    [
      'a payload breaking the schema',
      { body: JSON.stringify({ email: 'not an email' }) },
      400,
      'BAD_USER_INPUT',
      'payload.email',
    ],
    [
      'a payload missing a required key',
      { body: JSON.stringify({ name: 'x' }) },
      400,
      'BAD_USER_INPUT',
      'payload.email',
    ],
    ['a body that is not JSON', { contentType: 'text/plain' }, 400, 'BAD_USER_INPUT', 'body'],
    [
      'an oversized body',
      { body: JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(300_000) }) },
      413,
      'LIMIT_EXCEEDED',
      undefined,
    ],
  ])('%s is refused (%s) and starts nothing', async (_case, delivery, status, code, field) => {
    const before = (await suite.runsOf(workflowId)).length;
    const refused = await deliver(delivery);
    expect(refused.status).toBe(status);
    expect(refused.body.error).toMatchObject(field ? { code, field } : { code });
    expect(await suite.runsOf(workflowId)).toHaveLength(before);
  });

  test('an unknown or inactive webhook workflow is 404; a rotated secret stops the old one', async () => {
    expect((await deliver({ to: '/hooks/workflows/0190c0de-0000-7000-8000-000000000000' })).status).toBe(404);
    expect((await deliver({ to: '/hooks/workflows/not-a-uuid' })).status).toBe(404);
    const old = secret;
    const { rotateWorkflowWebhookSecret } = await suite.metadata<{ rotateWorkflowWebhookSecret: { secret: string } }>(
      ROTATE,
      { id: workflowId },
    );
    secret = rotateWorkflowWebhookSecret.secret;
    expect((await deliver({ key: old })).status).toBe(401);
    expect((await deliver()).status).toBe(202);
    await suite.metadata('mutation($id: ID!) { deactivateWorkflow(id: $id) { active } }', { id: workflowId });
    expect((await deliver()).status).toBe(404);
  });

  test('a payload schema zod cannot enforce is refused on save, naming the setting', async () => {
    const result = await server.metadataGql('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
      i: {
        name: 'Bad schema',
        definition: { trigger: { type: 'WEBHOOK', payloadSchema: { type: 'nonsense' } }, steps: [] },
      },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'definition.trigger.payloadSchema',
    });
  });
  test('calls are rate-limited per client address and hook, signed or not, before any check', async () => {
    const hookId = await suite.activeWorkflow('Busy hook', { trigger: { type: 'WEBHOOK' }, steps: [] });
    const { rotateWorkflowWebhookSecret } = await suite.metadata<{
      rotateWorkflowWebhookSecret: { secret: string; webhook: { path: string } };
    }>(ROTATE, { id: hookId });
    const busy = rotateWorkflowWebhookSecret.webhook.path;
    const statuses = new Set<number>();
    for (let i = 0; i < WEBHOOK_LIMIT; i++) statuses.add((await deliver({ to: busy, signature: null })).status);
    expect([...statuses]).toEqual([401]);
    const over = await deliver({ to: busy, key: rotateWorkflowWebhookSecret.secret });
    expect(over).toMatchObject({ status: 429, body: { error: { code: 'LIMIT_EXCEEDED' } } });
    // Another hook keeps its own budget.
    expect((await deliver({ to: '/hooks/workflows/0190c0de-0000-7000-8000-0000000000ff' })).status).toBe(404);
  });
});
