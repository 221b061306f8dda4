import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, expectRefused, type HttpSecurityKit } from './http-kit';

// Request-shape attacks (bombs, batching, huge pages, deep filters) and injection through names,
// values and directions. Values are bound parameters and names come from metadata, so every one of
// these must be refused cleanly or match nothing, and leave the database as it was.

let kit: HttpSecurityKit;
beforeAll(async () => {
  kit = await createHttpSecurityKit();
});
afterAll(() => kit?.close());

const COUNT = 'query($f: AccountFilter) { accounts(filter: $f) { totalCount } }';
const countOf = async (filter: Record<string, unknown>) =>
  dataOf(await kit.gql<{ accounts: { totalCount: number } }>(COUNT, { f: filter }), 'count').accounts.totalCount;
/** `levels` nested `{ not: ... }` around a name filter. */
const nestedNot = (levels: number): Record<string, unknown> =>
  levels === 0 ? { name: { eq: 'x' } } : { not: nestedNot(levels - 1) };
const nestedNotLiteral = (levels: number) => JSON.stringify(nestedNot(levels)).replace(/"(\w+)":/g, '$1:');

describe('bombs and limits: LIMIT_EXCEEDED before anything runs', () => {
  test.each([
    ['an alias bomb', `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: accounts { totalCount }`).join(' ')} }`],
    [
      'a depth bomb',
      `{ deals { nodes { account { deals { nodes { account { deals { nodes { account { deals { nodes { account { name } } } } } } } } } } } } }`,
    ],
    ['a huge first', '{ accounts(first: 1000000) { nodes { name } } }'],
    ['nested lists multiplying rows', '{ accounts(first: 500) { nodes { deals(first: 500) { nodes { title } } } } }'],
    ['a filter nested 40 deep (literal)', `{ accounts(filter: ${nestedNotLiteral(40)}) { totalCount } }`],
    [
      'a filter nested 3000 deep (literal, past the parser stack)',
      `{ accounts(filter: ${nestedNotLiteral(3000)}) { totalCount } }`,
    ],
    [
      'alias bomb through a fragment',
      `{ ...f } fragment f on Query { ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
    ],
  ])('%s', async (_what, query) => {
    const result = await kit.gql(query);
    expectRefused(result, 'LIMIT_EXCEEDED', 200);
    expect(result.data).toBeUndefined();
  });

  test.each([
    ['first', 'query($n: Int) { accounts(first: $n) { totalCount } }', { n: 1_000_000 }],
    ['a filter nested 3000 deep', COUNT, { f: nestedNot(3000) }],
    ['a filter nested 40 deep', COUNT, { f: nestedNot(40) }],
  ])('%s through variables is LIMIT_EXCEEDED too', async (_what, query, variables) => {
    expectRefused(await kit.gql(query, variables), 'LIMIT_EXCEEDED', 200);
  });

  test('found and fixed: one caller’s variables no longer decide the verdict for the next caller', async () => {
    // yoga caches validation per document; the limits read the variables. Before the fix, one
    // `first: 1000000` made the same document LIMIT_EXCEEDED for every user of the role, and a
    // shallow filter let the next, 3000-deep one through to a stack overflow (INTERNAL).
    // (`__typename` keeps these on yoga's path: the fast path validates afresh each time.)
    const page = 'query($n: Int) { __typename accounts(first: $n) { totalCount } }';
    expectRefused(await kit.gql(page, { n: 1_000_000 }), 'LIMIT_EXCEEDED', 200);
    expect(dataOf(await kit.gql(page, { n: 5 }, kit.agent.key), 'small page')).toMatchObject({
      accounts: { totalCount: 2 },
    });
    const deepFirst = 'query($f: AccountFilter) { __typename deepFirst: accounts(filter: $f) { totalCount } }';
    expectRefused(await kit.gql(deepFirst, { f: nestedNot(3000) }), 'LIMIT_EXCEEDED', 200);
    expect(dataOf(await kit.gql(deepFirst, { f: nestedNot(1) }), 'shallow')).toMatchObject({
      deepFirst: { totalCount: 2 },
    });
    const shallowFirst = 'query($f: AccountFilter) { __typename shallowFirst: accounts(filter: $f) { totalCount } }';
    expect(dataOf(await kit.gql(shallowFirst, { f: nestedNot(1) }), 'shallow')).toMatchObject({
      shallowFirst: { totalCount: 2 },
    });
    expectRefused(await kit.gql(shallowFirst, { f: nestedNot(3000) }), 'LIMIT_EXCEEDED', 200);
  });

  test('reasonable nesting, wide or-lists and long in-lists still work', async () => {
    expect(await countOf(nestedNot(21))).toBe(2);
    const or = Array.from({ length: 2000 }, (_, i) => ({ name: { eq: `n${i}` } }));
    expect(await countOf({ or: [...or, { name: { eq: 'Acme' } }] })).toBe(1);
    expect(await countOf({ name: { in: Array.from({ length: 10_000 }, (_, i) => `n${i}`) } })).toBe(0);
  });

  test('a negative page size is BAD_USER_INPUT naming first', async () => {
    const result = await kit.gql('{ accounts(first: -1) { totalCount } }');
    expectRefused(result, 'BAD_USER_INPUT', 200);
    expect(result.errors?.[0]?.extensions?.field).toBe('first');
  });

  test('batching (an array body) is refused with 400: no operation of the batch runs', async () => {
    await kit.expectNothingChanged(async () => {
      const update = { query: `mutation { updateAccount(id: "${kit.ids.cargo}", data: { name: "batched" }) { id } }` };
      const answer = await kit.post(JSON.stringify([update, update, { query: '{ accounts { totalCount } }' }]), {
        'content-type': 'application/json',
        authorization: `Bearer ${kit.agent.token}`,
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({
        errors: [expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })],
      });
    });
  });

  test('found and fixed: a bulk create holds at most one page of records; the error does not tell how many', async () => {
    // Before the fix, createDeals took any number of records (5000 went through in one request).
    const CREATE_DEALS = 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }';
    const deals = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `bulk ${i}` }));
    await kit.expectNothingChanged(async () => {
      for (const n of [501, 5000]) {
        const result = await kit.gql(CREATE_DEALS, { d: deals(n) });
        expectRefused(result, 'LIMIT_EXCEEDED', 200);
        expect(result.errors?.[0]?.message).not.toMatch(/\d/);
      }
    });
    const created = dataOf(await kit.gql<{ createDeals: unknown[] }>(CREATE_DEALS, { d: deals(500) }), 'bulk create');
    expect(created.createDeals).toHaveLength(500);
  });
});

describe('injection through values', () => {
  test.each([
    ["'; drop table relata.users; --"],
    ['" or 1=1 --'],
    ["x' union select secret from ws_sechttp.account --"],
    ['$1'],
    ['\\\\'],
  ])('%s as a filter value matches nothing and drops nothing', async (value) => {
    await kit.expectNothingChanged(async () => {
      expect(await countOf({ name: { eq: value } })).toBe(0);
      expect(
        await countOf({ or: [{ name: { like: value } }, { name: { startsWith: value } }, { tier: { in: [] } }] }),
      ).toBe(0);
    });
    const { rows } = await kit.server.database.opened.db.query<{ n: number }>(
      'select count(*)::int as n from relata.users',
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
  });

  test('like wildcards are the pattern the caller chose, still inside the scope; startsWith takes them literally', async () => {
    expect(await countOf({ name: { like: '%' } })).toBe(2);
    expect(await countOf({ name: { ilike: '_%' } })).toBe(2);
    expect(await countOf({ name: { startsWith: '%' } })).toBe(0);
    expect(await countOf({ name: { startsWith: '_' } })).toBe(0);
    // `%` cannot reach the hidden secret or the out-of-scope Bolt.
    expect(await countOf({ name: { like: 'B%' } })).toBe(0);
  });

  // The database reports a pattern ending in a lone backslash only when it meets a row (here: any row).
  test('NUL bytes, and like patterns ending in a lone backslash, are BAD_USER_INPUT, not an internal error', async () => {
    for (const filter of [{ name: { eq: 'a\u0000b' } }, { name: { like: '\u0000%' } }, { name: { like: '\\' } }]) {
      expectRefused(await kit.gql(COUNT, { f: filter }), 'BAD_USER_INPUT', 200);
    }
  });

  test('other unicode (RTL override, emoji, lone surrogates) is plain data', async () => {
    for (const value of ['\u202Eemca', '🏦', 'A\u0301cme', '\uD800']) {
      expect(await countOf({ name: { eq: value } })).toBe(0);
    }
  });

  test('a tampered pagination cursor is BAD_USER_INPUT, not an internal error', async () => {
    const encode = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64');
    const query =
      'query($a: String) { accounts(orderBy: [{ createdAt: AscNullsLast }], after: $a) { nodes { name } } }';
    for (const cursor of [
      'not base64 json',
      encode({ __proto__: 1 }),
      encode(['x', 'y', kit.ids.acme]),
      encode(['2020-13-45', kit.ids.acme]),
      encode(['2020-01-01', "'; drop table x; --"]),
    ]) {
      const result = await kit.gql(query, { a: cursor });
      expectRefused(result, 'BAD_USER_INPUT', 200);
    }
  });

  test('a JSON field is not a path into the database: no operators but isNull, keys are data', async () => {
    const path = await kit.gql(`{ accounts(filter: { meta: { eq: "{\\"plan\\": \\"pro\\"}" } }) { totalCount } }`);
    expectRefused(path, 'BAD_USER_INPUT', 200);
    const viaVariables = await kit.gql(COUNT, { f: { meta: { "plan'->>'x": { eq: 'pro' } } } });
    expectRefused(viaVariables, 'BAD_USER_INPUT', 400);
    expect(await countOf({ meta: { isNull: false } })).toBe(1);
  });
});

describe('injection through names and directions', () => {
  test.each([
    ['an order direction with SQL', { o: [{ name: 'ASC; drop table relata.users' }] }],
    ['a lowercase direction', { o: [{ name: 'asc' }] }],
    ['a raw SQL direction', { o: [{ name: 'ASC NULLS FIRST, (select 1)' }] }],
  ])('%s through variables: BAD_USER_INPUT (400)', async (_what, variables) => {
    const result = await kit.gql('query($o: [AccountOrderBy!]) { accounts(orderBy: $o) { totalCount } }', variables);
    expectRefused(result, 'BAD_USER_INPUT', 400);
  });

  test('an injected field name through variables is no field the role may sort by: FORBIDDEN', async () => {
    const variables = { o: [{ 'name" desc, "secret': 'AscNullsLast' }] };
    const result = await kit.gql('query($o: [AccountOrderBy!]) { accounts(orderBy: $o) { totalCount } }', variables);
    expectRefused(result, 'FORBIDDEN', 200);
  });

  test('two fields in one orderBy entry are refused (the order between them would be ambiguous)', async () => {
    const result = await kit.gql('{ accounts(orderBy: [{ name: AscNullsLast, tier: DescNullsLast }]) { totalCount } }');
    expectRefused(result, 'BAD_USER_INPUT', 200);
  });

  test('object names in search are checked against the role, never spliced into SQL', async () => {
    for (const objects of [
      ['account"; drop table relata.users; --'],
      ['ws_sechttp.account'],
      ['memo'],
      ['__proto__'],
    ]) {
      const result = await kit.gql('query($o: [String!]) { search(query: "Acme", objects: $o) { id } }', {
        o: objects,
      });
      expectRefused(result, 'BAD_USER_INPUT', 200);
    }
  });

  test.each([
    [
      'an object name with SQL',
      'mutation { createObject(input: { nameSingular: "x\\"; drop table relata.users; --", namePlural: "xs", labelSingular: "X", labelPlural: "Xs" }) { applied } }',
      'input.nameSingular',
    ],
    [
      'a field name with SQL',
      'mutation { createField(object: "account", input: { name: "a\\" text); drop table relata.users; --", label: "A", type: TEXT }) { applied } }',
      'input.name',
    ],
    [
      'a reserved field name',
      'mutation { createField(object: "account", input: { name: "__proto__", label: "P", type: TEXT }) { applied } }',
      'input.name',
    ],
    [
      'a relation target with SQL',
      'mutation { createField(object: "deal", input: { name: "evil", label: "E", type: RELATION, relation: { target: "account; drop", kind: MANY_TO_ONE, inverseName: "evils" } }) { applied } }',
      'input.relation.target',
    ],
    [
      'a role name with SQL',
      'mutation { createRole(input: { name: "x\'; drop table relata.users; --", label: "X" }) { applied } }',
      'input.name',
    ],
  ])(
    '%s through /metadata (even as admin): BAD_USER_INPUT naming the field, nothing applied',
    async (_what, document, field) => {
      const version = async () =>
        dataOf(await kit.server.metadataGql<{ metadataVersion: number }>('{ metadataVersion }'), 'v').metadataVersion;
      const before = await version();
      const result = await kit.server.metadataGql(document);
      expectRefused(result, 'BAD_USER_INPUT', 200);
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
      expect(await version()).toBe(before);
    },
  );
});
