import { webhookSignature } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { startTestServer, type TestServer } from '../support/test-server';
import { triggerSuite, until } from '../workflows/workflow-trigger-support';
import { type ReceivedRequest, startWebhookReceiver } from './webhook-receiver';

let server: TestServer;
const suite = triggerSuite(() => server);
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let base: string;
let received: ReceivedRequest[] = [];
/** Answers per path: a list of statuses used up in order, then 200. */
const plans = new Map<string, number[]>();

const SUBSCRIPTION = `id name active failedDeliveries disabledReason
  deliveries { status attempts responseStatus error attemptLog event recordId }`;
const CREATE = `mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { secret subscription { ${SUBSCRIPTION} } } }`;

interface Subscription {
  id: string;
  active: boolean;
  failedDeliveries: number;
  disabledReason: string | null;
  deliveries: {
    status: string;
    attempts: number;
    responseStatus: number | null;
    error: string | null;
    attemptLog: { status: number | null }[];
  }[];
}

async function subscribe(input: Record<string, unknown>) {
  const { createWebhookSubscription } = await suite.metadata<{
    createWebhookSubscription: { secret: string; subscription: Subscription };
  }>(CREATE, { i: { role: 'partner', events: ['CREATED', 'UPDATED'], object: 'deal', ...input } });
  return createWebhookSubscription;
}

async function subscription(id: string): Promise<Subscription> {
  const { webhookSubscriptions } = await suite.metadata<{ webhookSubscriptions: Subscription[] }>(
    `{ webhookSubscriptions { ${SUBSCRIPTION} } }`,
  );
  return webhookSubscriptions.find((s) => s.id === id)!;
}

const createDeal = async (d: Record<string, unknown>) =>
  (
    await suite.data<{ createDeal: { id: string } }>('mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', {
      d,
    })
  ).createDeal.id;
const updateDeal = (id: string, d: Record<string, unknown>) =>
  suite.data('mutation($id: ID!, $d: DealUpdateInput!) { updateDeal(id: $id, data: $d) { id } }', { id, d });
const drained = () =>
  until('the change jobs to drain', async () => (await queuedJobs(suite.db(), 'record:changed')).length === 0);
const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  receiver = await startWebhookReceiver((request) => plans.get(request.path)?.shift() ?? 200);
  received = receiver.received;
  base = receiver.url;
  const port = receiver.port;
  server = await startTestServer({
    workspace: 'outbound',
    worker: true,
    webhookRetryBaseMs: 20,
    outbound: { allowLoopbackPorts: [port] },
  });
  await suite.createObject('deal', 'deals', { title: 'TEXT', stage: 'TEXT', amount: 'NUMBER', margin: 'NUMBER' });
  await suite.metadata(
    'mutation { createRole(input: { name: "partner", label: "Partner", defaultAccess: NONE }) { applied } }',
  );
  await suite.metadata(
    'mutation($c: JSON) { setObjectPermission(role: "partner", object: "deal", input: { canRead: true, recordScope: CONDITION, recordCondition: $c }) { applied } }',
    { c: { amount: { gte: 100 } } },
  );
  await suite.metadata(
    'mutation { setFieldPermission(role: "partner", object: "deal", field: "margin", canRead: false, canWrite: false) { applied } }',
  );
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe('outbound webhooks', () => {
  test('only matching changes are sent, signed, with only what the role may read', async () => {
    const { secret } = await subscribe({
      name: 'Won deals',
      url: `${base}/won`,
      fields: ['stage'],
      filter: { stage: { eq: 'won' } },
    });
    const a = await createDeal({ title: 'A', stage: 'open', amount: 500, margin: 987654 }); // filter: no
    await updateDeal(a, { title: 'A2' }); // stage unchanged: no
    const hidden = await createDeal({ title: 'Small', stage: 'won', amount: 50, margin: 7 }); // the role cannot read it: no
    await updateDeal(a, { stage: 'won' }); // yes
    await until('the delivery', async () => at('/won').length === 1);
    await drained();
    await until('queued deliveries', async () => (await queuedJobs(suite.db(), 'webhook:deliver')).length === 0);
    expect(at('/won')).toHaveLength(1);
    const [delivery] = at('/won');
    const timestamp = Number(delivery!.headers['x-relata-timestamp']);
    expect(delivery!.headers['x-relata-signature']).toBe(webhookSignature(secret, timestamp, delivery!.body));
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({
      deliveryId: delivery!.headers['x-relata-delivery'],
      event: 'UPDATED',
      object: 'deal',
      recordId: a,
      changedFields: ['stage'],
      record: { id: a, title: 'A2', stage: 'won', amount: 500 },
    });
    // Leak checks: the hidden field is absent, and the record outside the role's scope never went out.
    expect(body.record).not.toHaveProperty('margin');
    expect(delivery!.body).not.toContain('987654');
    expect(received.some((r) => r.body.includes(hidden))).toBe(false);
  });

  test('a deletion carries the last values the role may read, never a hidden field or a record out of scope', async () => {
    await suite.metadata(
      'mutation { createRole(input: { name: "auditor", label: "Auditor", defaultAccess: NONE }) { applied } }',
    );
    await suite.metadata(
      'mutation { setObjectPermission(role: "auditor", object: "deal", input: { canRead: true, recordScope: ALL }) { applied } }',
    );
    await suite.metadata(
      'mutation { setFieldPermission(role: "auditor", object: "deal", field: "margin", canRead: false, canWrite: false) { applied } }',
    );
    await subscribe({ name: 'Partner deletions', url: `${base}/gone`, events: ['DELETED'] });
    await subscribe({ name: 'Auditor deletions', url: `${base}/gone-all`, events: ['DELETED'], role: 'auditor' });
    const kept = await createDeal({ title: 'Binned', stage: 'lost', amount: 400, margin: 135791 });
    const small = await createDeal({ title: 'Out of scope', stage: 'lost', amount: 20, margin: 246802 });
    const gone = await createDeal({ title: 'Destroyed', stage: 'lost', amount: 600, margin: 975310 });
    for (const id of [kept, small]) await suite.data('mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id });
    await suite.data('mutation($id: ID!) { destroyDeal(id: $id) }', { id: gone });
    await until('the deletions', async () => at('/gone').length === 2 && at('/gone-all').length === 3);
    await drained();
    await until('queued deliveries', async () => (await queuedJobs(suite.db(), 'webhook:deliver')).length === 0);
    const bodies = (path: string) => new Map(at(path).map((r) => [JSON.parse(r.body).recordId, JSON.parse(r.body)]));
    const partner = bodies('/gone');
    // Soft-deleted in scope: its last values; out of scope: never sent; destroyed under a narrower
    // scope that can no longer be checked: the id only.
    expect(partner.get(kept)).toMatchObject({ event: 'DELETED', record: { id: kept, title: 'Binned', amount: 400 } });
    expect(partner.get(kept).record.deletedAt).toEqual(expect.any(String));
    expect(partner.has(small)).toBe(false);
    expect(partner.get(gone)).toMatchObject({ event: 'DELETED', record: { id: gone } });
    expect(partner.get(gone).record).not.toHaveProperty('title');
    // A role reading every record gets the destroyed record's last values too (from its audit row).
    const auditor = bodies('/gone-all');
    expect(auditor.get(gone)).toMatchObject({ record: { id: gone, title: 'Destroyed', amount: 600 } });
    expect(auditor.get(small)).toMatchObject({ record: { id: small, title: 'Out of scope' } });
    // Leak checks: the field neither role reads never goes out, on any deletion.
    for (const r of [...at('/gone'), ...at('/gone-all')]) {
      expect(JSON.parse(r.body).record).not.toHaveProperty('margin');
      expect(r.body).not.toMatch(/135791|246802|975310/);
    }
  });

  test('a failing receiver is retried with backoff; the log keeps each response code', async () => {
    plans.set('/flaky', [500, 503]);
    const { subscription: created } = await subscribe({ name: 'Flaky', url: `${base}/flaky`, events: ['CREATED'] });
    const id = await createDeal({ title: 'Retry me', stage: 'open', amount: 200 });
    const done = await until('the delivery to succeed', async () => {
      const s = await subscription(created.id);
      return s.deliveries.find((d) => d.status === 'SUCCEEDED') ? s : null;
    });
    expect(done.deliveries).toHaveLength(1);
    expect(done.deliveries[0]).toMatchObject({ attempts: 3, responseStatus: 200, error: null });
    expect(done.deliveries[0]!.attemptLog.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(at('/flaky').map((r) => JSON.parse(r.body).recordId)).toEqual([id, id, id]);
    // The same delivery id on every attempt, so the receiver can drop duplicates.
    expect(new Set(at('/flaky').map((r) => r.headers['x-relata-delivery'])).size).toBe(1);
  });

  test('repeated failure switches the subscription off, with the reason; later changes are not sent', async () => {
    plans.set(
      '/down',
      Array.from({ length: 100 }, () => 500),
    );
    const { subscription: created } = await subscribe({ name: 'Down', url: `${base}/down`, events: ['CREATED'] });
    await Promise.all([1, 2, 3].map((n) => createDeal({ title: `Down ${n}`, stage: 'open', amount: 300 })));
    const off = await until(
      'the subscription to be switched off',
      async () => {
        const s = await subscription(created.id);
        return s.active ? null : s;
      },
      60_000,
    );
    expect(off.disabledReason).toContain('Switched off after 3 deliveries');
    // Its creator (the admin who made it) is notified, with the reason.
    const { rows: notices } = await suite
      .db()
      .query<{ body: string }>(`select body from relata.notifications where title = 'Webhook “Down” was switched off'`);
    expect(notices.map((n) => n.body)).toEqual([off.disabledReason]);
    expect(off.deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ['FAILED', 5],
      ['FAILED', 5],
      ['FAILED', 5],
    ]);
    const sent = at('/down').length;
    await createDeal({ title: 'After', stage: 'open', amount: 300 });
    await drained();
    expect(at('/down')).toHaveLength(sent);
    expect((await subscription(created.id)).deliveries).toHaveLength(3);
  });

  test('a subscription to a private or metadata-service address is refused by the guarded client, and logged', async () => {
    const { subscription: created } = await subscribe({
      name: 'Metadata service',
      url: 'http://169.254.169.254/latest/meta-data',
      events: ['CREATED'],
    });
    await createDeal({ title: 'SSRF bait', stage: 'open', amount: 300 });
    const attempted = await until('the first attempt', async () => {
      const s = await subscription(created.id);
      return s.deliveries[0]?.attempts ? s.deliveries[0] : null;
    });
    expect(attempted.responseStatus).toBeNull();
    expect(attempted.error).toMatch(/169\.254\.169\.254|link-local|not allowed|refused/i);
  });

  test.each([
    ['a URL that is not http(s)', { url: 'ftp://example.com/x' }, 'input.url'],
    ['an unknown role', { role: 'nobody' }, 'input.role'],
    ['an unknown field', { fields: ['nope'] }, 'input.fields.0'],
    ['a filter on an unknown field', { filter: { nope: { eq: 1 } } }, 'input.filter.nope'],
  ])('%s is BAD_USER_INPUT naming it', async (_case, input, field) => {
    const result = await server.metadataGql(CREATE, {
      i: { name: `Bad ${field}`, role: 'partner', events: ['CREATED'], object: 'deal', url: `${base}/x`, ...input },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
