import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, expectRefused, type HttpSecurityKit } from './http-kit';

// Issue 8, item 8 (first part): a groupBy cost 1 but returned up to 50,001 groups, so 30 aliased
// grouped aggregates over a big table returned 145 MB. A grouped aggregate now costs the groups
// it may return (1000), the statement reads one past the cap, and more groups than that are
// LIMIT_EXCEEDED, on the compiled fast path and through graphql-js alike.
let kit: HttpSecurityKit;
beforeAll(async () => {
  kit = await createHttpSecurityKit();
  const schema = (
    await kit.server.database.opened.db.query<{ schema_name: string }>(
      'select schema_name from relata.workspaces where id = $1',
      [kit.server.workspace.id],
    )
  ).rows[0]!.schema_name;
  await kit.server.database.opened.db.query(
    `insert into "${schema}".deals (id, title) select gen_random_uuid(), 'deal ' || n from generate_series(1, 1100) n`,
  );
});
afterAll(() => kit?.close());

const BY_TITLE = '{ dealsAggregate(groupBy: [{ title: true }]) { group { title } count } }';

describe('grouped aggregates', () => {
  test('more groups than the cap are LIMIT_EXCEEDED, whichever path answers', async () => {
    // The first request of an operation may take graphql-js, the next ones the compiled plan.
    for (let i = 0; i < 3; i++) {
      const result = await kit.gql(BY_TITLE, {}, kit.server.adminToken);
      expectRefused(result, 'LIMIT_EXCEEDED', 200);
      expect(result.errors?.[0]?.message).toMatch(/at most 1000 groups/);
    }
    const variables = { g: [{ title: true }] };
    const viaVariable = await kit.gql(
      'query($g: [DealGroupBy!]) { dealsAggregate(groupBy: $g) { count } }',
      variables,
      kit.server.adminToken,
    );
    expectRefused(viaVariable, 'LIMIT_EXCEEDED', 200);
  });

  test('a filter that leaves fewer groups is answered, and no groupBy costs one row', async () => {
    const few = await kit.gql(
      '{ dealsAggregate(groupBy: [{ title: true }], filter: { title: { startsWith: "deal 10" } }) { count } }',
      {},
      kit.server.adminToken,
    );
    expect(dataOf(few, 'few groups').dealsAggregate).toHaveLength(111);
    const total = await kit.gql(
      'query($g: [DealGroupBy!]) { dealsAggregate(groupBy: $g) { count } }',
      { g: [] },
      kit.server.adminToken,
    );
    expect(dataOf(total, 'total').dealsAggregate).toEqual([{ count: expect.any(Number) }]);
  });

  test('each grouped aggregate counts as its cap in the request cost', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `g${i}: dealsAggregate(groupBy: [{ title: true }]) { count }`);
    // 30 x 1000 possible groups plus 25,000 nested rows is past the cost limit of 50,000.
    const query = `{ ${aliases.slice(0, 29).join(' ')} accounts(first: 500) { nodes { deals(first: 50) { nodes { title } } } } }`;
    expectRefused(await kit.gql(query, {}, kit.server.adminToken), 'LIMIT_EXCEEDED', 200);
  });
});
