import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';

let kit: GraphqlKit;

beforeAll(async () => {
  kit = await createGraphqlKit('aggregates');
  const acme = await kit.insert('company', { name: 'Acme Industries', domain: 'acme.io' });
  await kit.insert('company', { name: 'Acme Labs' });
  await kit.insert('company', { name: 'Gone Acme', deletedAt: '2024-01-01T00:00:00Z' });
  await kit.insert('person', {
    fullName: { firstName: 'Wile', lastName: 'Coyote' },
    email: 'wile@acme.io',
    companyId: acme,
  });
  const deals: Array<[string, number | null, string, string]> = [
    ['NEW', 100, '2024-01-10', '2024-01-10T23:30:00Z'],
    ['NEW', 300, '2024-02-20', '2024-02-20T10:00:00Z'],
    ['WON', 1000, '2024-02-05', '2024-05-01T00:30:00+02:00'],
    ['WON', 500, '2024-07-01', '2024-07-01T12:00:00Z'],
    ['LOST', null, '2023-12-31', '2023-12-31T12:00:00Z'],
  ];
  for (const [stage, amount, closeDate, at] of deals) {
    await kit.insert('opportunity', {
      title: `${stage} ${amount}`,
      stage,
      amount: amount === null ? null : { amount, currencyCode: 'EUR' },
      closeDate,
      lastActivityAt: at,
      companyId: acme,
    });
  }
  await kit.insert('opportunity', {
    title: 'deleted',
    stage: 'WON',
    amount: { amount: 99999, currencyCode: 'EUR' },
    deletedAt: '2024-01-01T00:00:00Z',
  });
});
afterAll(() => kit?.close());

test('totals without groupBy', async () => {
  const data = await kit.data(
    '{ opportunitiesAggregate { count sum { amount } avg { amount } min { amount closeDate } max { amount closeDate } } }',
  );
  expect(data.opportunitiesAggregate).toEqual([
    {
      count: 5,
      sum: { amount: 1900 },
      avg: { amount: 475 },
      min: { amount: 100, closeDate: '2023-12-31' },
      max: { amount: 1000, closeDate: '2024-07-01' },
    },
  ]);
});

test('group by a select field, with a filter', async () => {
  const data = await kit.data(`{
    opportunitiesAggregate(groupBy: [{ stage: true }], filter: { amount: { amount: { isNull: false } } }) {
      group { stage } n: count total: sum { amount }
    }
  }`);
  expect(data.opportunitiesAggregate).toEqual([
    { group: { stage: 'NEW' }, n: 2, total: { amount: 400 } },
    { group: { stage: 'WON' }, n: 2, total: { amount: 1500 } },
  ]);
});

test.each([
  [
    'month',
    [
      ['2023-12-01', 1],
      ['2024-01-01', 1],
      ['2024-02-01', 2],
      ['2024-07-01', 1],
    ],
  ],
  [
    'quarter',
    [
      ['2023-10-01', 1],
      ['2024-01-01', 3],
      ['2024-07-01', 1],
    ],
  ],
  [
    'year',
    [
      ['2023-01-01', 1],
      ['2024-01-01', 4],
    ],
  ],
  [
    'week',
    [
      ['2023-12-25', 1],
      ['2024-01-08', 1],
      ['2024-02-05', 1],
      ['2024-02-19', 1],
      ['2024-07-01', 1],
    ],
  ],
  [
    'day',
    [
      ['2023-12-31', 1],
      ['2024-01-10', 1],
      ['2024-02-05', 1],
      ['2024-02-20', 1],
      ['2024-07-01', 1],
    ],
  ],
])('date buckets by %s', async (bucket, expected) => {
  const data = await kit.data(
    `{ opportunitiesAggregate(groupBy: [{ closeDate: ${bucket} }]) { group { closeDate } count } }`,
  );
  expect(data.opportunitiesAggregate).toEqual(expected.map(([closeDate, count]) => ({ group: { closeDate }, count })));
});

test('date-time buckets are cut in UTC, combined with another key', async () => {
  const data = await kit.data(`{
    opportunitiesAggregate(groupBy: [{ lastActivityAt: month }, { stage: true }]) { group { lastActivityAt stage } count }
  }`);
  expect(data.opportunitiesAggregate).toEqual([
    { group: { lastActivityAt: '2023-12-01T00:00:00.000Z', stage: 'LOST' }, count: 1 },
    { group: { lastActivityAt: '2024-01-01T00:00:00.000Z', stage: 'NEW' }, count: 1 },
    { group: { lastActivityAt: '2024-02-01T00:00:00.000Z', stage: 'NEW' }, count: 1 },
    { group: { lastActivityAt: '2024-04-01T00:00:00.000Z', stage: 'WON' }, count: 1 },
    { group: { lastActivityAt: '2024-07-01T00:00:00.000Z', stage: 'WON' }, count: 1 },
  ]);
});

test('search finds records across objects by word prefix, not deleted ones', async () => {
  const data = await kit.data(
    '{ search(query: "acm") { object label } only: search(query: "wile coy", objects: ["person"]) { object label rank } }',
  );
  const hits = data.search as { object: string; label: string }[];
  expect(hits.map((h) => `${h.object}:${h.label}`).sort()).toEqual(['company:Acme Industries', 'company:Acme Labs']);
  expect(data.only).toEqual([{ object: 'person', label: 'Wile Coyote', rank: expect.any(Number) }]);
  expect((await kit.data('{ search(query: "!!! &|") { id } }')).search).toEqual([]);
});
