import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createHttpSecurityKit,
  dataOf,
  expectLikeUnknown,
  expectNoSecrets,
  expectRefused,
  type HttpSecurityKit,
  SECRETS,
} from './http-kit';

// Reading what role `agent` may not read (hidden fields `secret`/`revenue`, the BRONZE account Bolt,
// the admin's deal, the memo object, the other workspace), through the real /graphql endpoint.

let kit: HttpSecurityKit;
beforeAll(async () => {
  kit = await createHttpSecurityKit();
});
afterAll(() => kit?.close());

describe('a hidden field cannot be read or inferred', () => {
  test.each([
    ['filter', '{ accounts(filter: { secret: { startsWith: "quokka" } }) { totalCount } }'],
    ['orderBy', '{ accounts(orderBy: [{ secret: AscNullsLast }]) { nodes { name } } }'],
    ['groupBy', '{ accountsAggregate(groupBy: [{ secret: true }]) { count } }'],
    ['nested relation filter', '{ deals(filter: { account: { secret: { eq: "quokka-acme" } } }) { totalCount } }'],
    ['not/or filter', '{ accounts(filter: { or: [{ not: { secret: { isNull: true } } }] }) { totalCount } }'],
  ])('through %s: FORBIDDEN (200), exactly as for a field that does not exist', async (_how, query) => {
    await expectLikeUnknown(kit, { query }, 'secret', 200, 'FORBIDDEN');
  });

  test.each([
    ['selection', '{ accounts { nodes { name secret } } }'],
    ['inline fragment', '{ accounts { nodes { ... on Account { secret } } } }'],
    ['named fragment', '{ accounts { nodes { ...f } } } fragment f on Account { secret }'],
    ['mutation payload', 'mutation { createDeal(data: { title: "x" }) { account { secret } } }'],
  ])('through %s: BAD_USER_INPUT (200), exactly as for a field that does not exist', async (_how, query) => {
    await expectLikeUnknown(kit, { query }, 'secret', 200);
  });

  test('a numeric hidden field cannot be aggregated: its aggregate fields do not exist', async () => {
    const result = await kit.gql('{ accountsAggregate { count sum { revenue } } }');
    expectRefused(result, 'BAD_USER_INPUT', 200);
    expect(result.errors?.[0]?.message).toBe('Cannot query field "sum" on type "AccountAggregate".');
  });

  test('smuggled in variables (filter, orderBy, groupBy): FORBIDDEN, like an unknown field', async () => {
    const list = 'query($f: AccountFilter, $o: [AccountOrderBy!]) { accounts(filter: $f, orderBy: $o) { totalCount } }';
    const f = { f: { secret: { like: 'quokka%' } } };
    await expectLikeUnknown(kit, { query: list, variables: f }, 'secret', 200, 'FORBIDDEN');
    const o = { o: [{ revenue: 'DescNullsLast' }] };
    await expectLikeUnknown(kit, { query: list, variables: o }, 'revenue', 200, 'FORBIDDEN');
    const groups = 'query($g: [AccountGroupBy!]) { accountsAggregate(groupBy: $g) { count } }';
    const g = { g: [{ revenue: true }] };
    await expectLikeUnknown(kit, { query: groups, variables: g }, 'revenue', 200, 'FORBIDDEN');
  });

  test('search does not match hidden text (the admin does), and labels only readable fields', async () => {
    const query = `{ search(query: "${SECRETS.acme}") { object id label } }`;
    expect((await kit.adminData<{ search: { id: string }[] }>(query)).search).toEqual([
      expect.objectContaining({ id: kit.ids.acme }),
    ]);
    const result = await kit.gql(query);
    expect({ status: result.status, data: result.data }).toEqual({ status: 200, data: { search: [] } });
  });

  test('history of a readable record leaves out the hidden fields and their values', async () => {
    const result = await kit.gql<{ account: { history: { nodes: { changes: { field: string }[] }[] } } }>(
      `{ account(id: "${kit.ids.acme}") { history { nodes { action changes { field before after } } } } }`,
    );
    const fields = dataOf(result, 'history').account.history.nodes.flatMap((n) => n.changes.map((c) => c.field));
    expect(fields).toEqual(expect.arrayContaining(['name', 'tier']));
    expect(fields).not.toContain('secret');
    expect(fields).not.toContain('revenue');
    expectNoSecrets(result);
  });

  test('introspection shows the role its own schema: no hidden field, no hidden object', async () => {
    const result = await kit.gql<{ __type: { fields: { name: string }[] }; memo: null; filter: unknown }>(
      `{ __type(name: "Account") { fields { name } }
         memo: __type(name: "Memo") { name }
         filter: __type(name: "AccountFilter") { inputFields { name } } }`,
    );
    const data = dataOf(result, 'introspection');
    expect(data.__type.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['name', 'tier', 'meta', 'deals']));
    expect(data.memo).toBeNull();
    const full = await kit.gql(
      '{ __schema { types { name fields { name } inputFields { name } enumValues { name } } queryType { fields { name } } } }',
    );
    expect(full.status).toBe(200);
    expect(JSON.stringify(full.data)).not.toMatch(/"(secret|revenue|memos?|Memo\w*)"/);
    expect(JSON.stringify(full.data)).toContain('"Account"');
  });

  test('fragments and fields on a hidden type are refused like an unknown type', async () => {
    await expectLikeUnknown(kit, { query: '{ search(query: "a") { ... on Memo { body } } }' }, 'Memo', 200);
    await expectLikeUnknown(kit, { query: '{ memos { totalCount } }' }, 'memos', 200);
    await expectLikeUnknown(kit, { query: '{ x: __typename } fragment m on Memo { id }' }, 'Memo', 200);
    const search = await kit.gql('{ search(query: "board", objects: ["memo"]) { id } }');
    expectRefused(search, 'BAD_USER_INPUT', 200);
    expect(search.errors?.[0]?.message).toBe(
      (await kit.gql('{ search(query: "board", objects: ["nothingHere"]) { id } }')).errors?.[0]?.message.replace(
        'nothingHere',
        'memo',
      ),
    );
  });

  test('misspelt names get no "did you mean" suggestion', async () => {
    const misspelt: [string, string][] = [
      ['{ accounts { nodes { secre } } }', 'BAD_USER_INPUT'],
      ['{ accounts(filter: { revenu: { gt: 1 } }) { totalCount } }', 'FORBIDDEN'],
      ['{ memo(id: "x") { id } }', 'BAD_USER_INPUT'],
    ];
    for (const [query, code] of misspelt) {
      const result = await kit.gql(query);
      expectRefused(result, code, 200);
      expect(JSON.stringify(result.errors)).not.toMatch(/did you mean|secret|revenue|"memos"/i);
    }
  });
});

describe('records outside the role scope stay invisible', () => {
  test('lists, counts, aggregates and groups hold only the scope', async () => {
    const result = await kit.gql<{ accounts: { totalCount: number; nodes: { name: string }[] } }>(`{
      accounts(filter: { name: { in: ["Acme", "Bolt", "Cargo"] } }) { totalCount nodes { name } }
      accountsAggregate(groupBy: [{ tier: true }]) { count group { tier } }
      deals { totalCount nodes { title } }
    }`);
    expect(dataOf(result, 'scope')).toEqual({
      accounts: { totalCount: 2, nodes: [{ name: 'Acme' }, { name: 'Cargo' }] },
      accountsAggregate: expect.arrayContaining([
        { count: 1, group: { tier: 'GOLD' } },
        { count: 1, group: { tier: 'SILVER' } },
      ]),
      deals: { totalCount: 1, nodes: [{ title: 'Agent deal' }] },
    });
    expect(JSON.stringify(result.data)).not.toMatch(/BRONZE|Bolt|Admin deal/);
  });

  test('by id, an out-of-scope record is null like a missing one, and so is its history', async () => {
    const result = await kit.gql(`{
      bolt: account(id: "${kit.ids.bolt}") { id name history { nodes { action } } }
      adminDeal: deal(id: "${kit.ids.adminDeal}") { id history { nodes { changes { field after } } } }
      missing: account(id: "0190a000-0000-7000-8000-0000000000ff") { id }
    }`);
    expect(result).toEqual({ status: 200, data: { bolt: null, adminDeal: null, missing: null } });
  });

  test('nested to-many lists and relation filters apply the scope of the related object', async () => {
    const result = await kit.gql(`{
      accounts(filter: { name: { eq: "Acme" } }) { nodes { deals { totalCount nodes { title } } } }
      probe: deals(filter: { account: { name: { eq: "Bolt" } } }) { totalCount }
      byId: deals(filter: { accountId: { eq: "${kit.ids.bolt}" } }) { totalCount }
    }`);
    expect(dataOf(result, 'nested')).toEqual({
      accounts: { nodes: [{ deals: { totalCount: 1, nodes: [{ title: 'Agent deal' }] } }] },
      probe: { totalCount: 0 },
      byId: { totalCount: 0 },
    });
  });

  test('search finds no out-of-scope record (the admin does)', async () => {
    const query = '{ search(query: "Bolt") { object id } }';
    expect((await kit.adminData<{ search: unknown[] }>(query)).search).toHaveLength(1);
    expect(dataOf(await kit.gql(query), 'search')).toEqual({ search: [] });
  });

  test('the fast read path (plain JSON) and the graphql-js path answer exactly the same', async () => {
    // `Accept: application/json` lets runtime/src/server/fast-query.ts answer from compiled SQL;
    // any other Accept goes through graphql-js. Both must apply the same scope and fields.
    const queries = [
      '{ accounts { totalCount nodes { name tier deals { totalCount nodes { title } } } } }',
      `{ account(id: "${kit.ids.bolt}") { name } deal(id: "${kit.ids.adminDeal}") { title } }`,
      '{ accountsAggregate(groupBy: [{ tier: true }]) { count group { tier } } }',
      '{ deals { nodes { title account { name } } } search(query: "Bolt") { id } }',
    ];
    for (const query of queries) {
      const answers = await Promise.all(
        ['application/json', 'application/graphql-response+json'].map(async (accept) => {
          const answer = await kit.post(JSON.stringify({ query }), {
            'content-type': 'application/json',
            accept,
            authorization: `Bearer ${kit.agent.token}`,
          });
          return { status: answer.status, body: JSON.parse(answer.text) };
        }),
      );
      expect(answers[0]).toEqual(answers[1]);
      expect(JSON.stringify(answers[0])).not.toMatch(/Bolt"|Admin deal|BRONZE/);
    }
  });

  test("another workspace's record id reads as missing, in every position", async () => {
    const foreign = kit.other.account;
    const result = await kit.gql(`{
      account(id: "${foreign}") { id }
      accounts(filter: { id: { eq: "${foreign}" } }) { totalCount }
      deals(filter: { accountId: { eq: "${foreign}" } }) { totalCount }
    }`);
    expect(dataOf(result, 'cross workspace')).toEqual({
      account: null,
      accounts: { totalCount: 0 },
      deals: { totalCount: 0 },
    });
    // The other workspace's own admin key does see it: the id is real.
    const own = await kit.gql(`{ account(id: "${foreign}") { name } }`, {}, kit.other.adminKey);
    expect(own.data).toEqual({ account: { name: 'Foreign' } });
  });
});
