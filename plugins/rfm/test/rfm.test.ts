/**
 * RFM scoring in a real Relata (the SDK's harness): the nightly schedule reads every order
 * (more than one page of them), scores each customer and names the segment; a run with nothing
 * changed writes nothing.
 */
import { fileURLToPath } from 'node:url';
import { type PluginTestRelata, startPluginTestRelata } from '@relata/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

let relata: PluginTestRelata;
const NOW = new Date('2026-12-06T03:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

async function model() {
  for (const object of [
    { nameSingular: 'customer', namePlural: 'customers', labelSingular: 'Customer', labelPlural: 'Customers' },
    { nameSingular: 'order', namePlural: 'orders', labelSingular: 'Order', labelPlural: 'Orders' },
  ]) {
    await relata.metadata('mutation($o: CreateObjectInput!) { createObject(input: $o) { applied } }', { o: object });
  }
  for (const [object, field] of [
    ['customer', { name: 'email', label: 'Email', type: 'EMAIL' }],
    ['order', { name: 'customerEmail', label: 'Customer email', type: 'EMAIL' }],
    ['order', { name: 'amount', label: 'Amount', type: 'NUMBER' }],
    ['order', { name: 'orderedAt', label: 'Ordered at', type: 'DATE_TIME' }],
  ] as const) {
    await relata.metadata(
      'mutation($n: String!, $f: CreateFieldInput!) { createField(object: $n, input: $f) { applied } }',
      {
        n: object,
        f: field,
      },
    );
  }
}

beforeAll(async () => {
  relata = await startPluginTestRelata({ serverUrl: inject('testServerUrl') });
  await model();
  await relata.install(fileURLToPath(new URL('..', import.meta.url)));
  await relata.gql('mutation($c: [CustomerCreateInput!]!) { createCustomers(data: $c) { id } }', {
    c: ['ada@example.com', 'bob@example.com', 'cy@example.com'].map((email) => ({ email })),
  });
  // Ada: 250 recent orders (more than a page); Bob: one old order; Cy: none.
  const orders = [
    ...Array.from({ length: 250 }, (_, i) => ({
      customerEmail: 'ada@example.com',
      amount: 10,
      orderedAt: daysAgo(i % 20),
    })),
    { customerEmail: 'BOB@example.com', amount: 30, orderedAt: daysAgo(300) },
  ];
  await relata.gql('mutation($o: [OrderCreateInput!]!) { createOrders(data: $o) { id } }', { o: orders });
});
afterAll(async () => {
  await relata?.close();
});

const customers = async () =>
  (
    await relata.gql<{
      customers: { nodes: Array<{ email: string; rfmScore: string | null; rfmSegment: string | null }> };
    }>('{ customers(orderBy: [{ email: AscNullsLast }]) { nodes { email rfmScore rfmSegment } } }')
  ).customers.nodes;

describe('rfm', () => {
  test('the nightly schedule scores every customer from all their orders', async () => {
    await relata.runSchedule('rfm', 'nightly', NOW);
    expect(await customers()).toEqual([
      { email: 'ada@example.com', rfmScore: '555', rfmSegment: 'champion' },
      { email: 'bob@example.com', rfmScore: '111', rfmSegment: 'hibernating' },
      { email: 'cy@example.com', rfmScore: null, rfmSegment: null },
    ]);
    const [call] = await relata.calls('rfm');
    expect(call).toMatchObject({
      entry: 'schedules.nightly',
      outcome: 'ok',
      logs: [{ level: 'info', message: '2 customer(s) with orders, 2 score(s) changed' }],
    });
  });

  test('a run with nothing changed writes nothing', async () => {
    await relata.runSchedule('rfm', 'nightly', NOW);
    const [call] = await relata.calls('rfm');
    expect(call?.logs).toEqual([{ level: 'info', message: '2 customer(s) with orders, 0 score(s) changed' }]);
  });
});
