import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';

interface Row {
  title: string;
  amount: number | null;
  closeDate: string | null;
}

let kit: GraphqlKit;
const ROWS: Row[] = [
  { title: 'a', amount: 300, closeDate: '2024-03-01' },
  { title: 'b', amount: null, closeDate: '2024-01-01' },
  { title: 'c', amount: 100, closeDate: null },
  { title: 'd', amount: 300, closeDate: '2024-02-01' },
  { title: 'e', amount: null, closeDate: null },
  { title: 'f', amount: 200, closeDate: '2024-01-01' },
  { title: 'g', amount: 100, closeDate: '2024-03-01' },
];
const idOf = new Map<string, string>();

beforeAll(async () => {
  kit = await createGraphqlKit('pages');
  for (const row of ROWS) {
    const amount = row.amount === null ? null : { amount: row.amount, currencyCode: 'EUR' };
    idOf.set(row.title, await kit.insert('opportunity', { title: row.title, amount, closeDate: row.closeDate }));
  }
});
afterAll(() => kit?.close());

type Direction = 'AscNullsFirst' | 'AscNullsLast' | 'DescNullsFirst' | 'DescNullsLast';

/** The order PostgreSQL must produce, computed independently in JS (ties broken by id). */
function expected(orders: Array<[keyof Row, Direction]>): string[] {
  const compare = (a: Row, b: Row) => {
    for (const [field, direction] of orders) {
      const x = a[field];
      const y = b[field];
      if (x === y) continue;
      const nullsFirst = direction.endsWith('NullsFirst');
      if (x === null) return nullsFirst ? -1 : 1;
      if (y === null) return nullsFirst ? 1 : -1;
      const sign = direction.startsWith('Asc') ? 1 : -1;
      return (x < y ? -1 : 1) * sign;
    }
    return (idOf.get(a.title) ?? '') < (idOf.get(b.title) ?? '') ? -1 : 1;
  };
  return [...ROWS].sort(compare).map((r) => r.title);
}

const PAGE = `query($orderBy: [OpportunityOrderBy!], $first: Int, $after: String, $last: Int, $before: String) {
  opportunities(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { title } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { title: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  return (await kit.data(PAGE, variables)).opportunities as Page;
}

const ORDERS: Array<Array<[keyof Row, Direction]>> = [
  [['amount', 'DescNullsLast']],
  [['amount', 'DescNullsFirst']],
  [['amount', 'AscNullsFirst']],
  [
    ['amount', 'AscNullsLast'],
    ['closeDate', 'DescNullsFirst'],
  ],
  [
    ['closeDate', 'AscNullsLast'],
    ['amount', 'DescNullsLast'],
  ],
  [['title', 'DescNullsLast']],
];

describe.each(ORDERS)('order %j', (...orders) => {
  const orderBy = orders.map(([field, direction]) => ({ [field]: direction }));
  const want = expected(orders);

  test('forward pages of 2 visit every row once, in order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const p = await page({ orderBy, first: 2, after });
      expect(p.totalCount).toBe(ROWS.length);
      seen.push(...p.edges.map((e) => e.node.title));
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(want);
  });

  test('backward pages of 3 visit every row once, in order', async () => {
    const seen: string[][] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const p = await page({ orderBy, last: 3, before });
      seen.unshift(p.edges.map((e) => e.node.title));
      expect(p.pageInfo.hasNextPage).toBe(before !== null);
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(seen.flat()).toEqual(want);
  });

  test('after and before together select the rows between', async () => {
    const all = await page({ orderBy, first: 7 });
    const cursors = all.edges.map((e) => e.cursor);
    const between = await page({ orderBy, after: cursors[1], before: cursors[5] });
    expect(between.edges.map((e) => e.node.title)).toEqual(want.slice(2, 5));
  });
});

test('first: 0 returns no rows but knows there are more', async () => {
  const p = await page({ first: 0 });
  expect(p.edges).toEqual([]);
  expect(p.pageInfo.hasNextPage).toBe(true);
});

test('a cursor of another ordering is refused', async () => {
  const p = await page({ orderBy: [{ amount: 'AscNullsLast' }, { closeDate: 'AscNullsLast' }], first: 1 });
  const result = await kit.run(PAGE, { first: 1, after: p.pageInfo.endCursor });
  expect(result.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
});

test('first and last together are refused', async () => {
  const result = await kit.run(PAGE, { first: 1, last: 1 });
  expect(result.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('an orderBy entry names one field', async () => {
  const result = await kit.run(PAGE, { orderBy: [{ amount: 'AscNullsLast', title: 'AscNullsLast' }] });
  expect(result.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'orderBy.0' } });
});

describe('cursors with nothing but totalCount selected', () => {
  test('totalCount counts every match whatever the cursors say', async () => {
    const first = await kit.data('{ opportunities(first: 2) { edges { cursor } } }');
    const cursor = (first.opportunities as { edges: { cursor: string }[] }).edges[1]?.cursor;
    const counted = await kit.run('query($c: String) { opportunities(after: $c, first: 2) { totalCount } }', {
      c: cursor,
    });
    expect(counted.errors).toBeUndefined();
    expect(counted.data).toEqual({ opportunities: { totalCount: ROWS.length } });
    const backwards = await kit.run('query($c: String) { opportunities(before: $c, last: 1) { totalCount } }', {
      c: cursor,
    });
    expect(backwards.data).toEqual({ opportunities: { totalCount: ROWS.length } });
  });
});
