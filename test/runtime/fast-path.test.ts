import {
  buildDataSchema,
  compileOperation,
  type DataRequestContext,
  loadSnapshot,
  type RolePermissions,
  UNRESTRICTED,
  type WorkspaceSnapshot,
} from '@relata/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { operationPlan } from '../../runtime/src/server/operation-plans';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let snapshot: WorkspaceSnapshot;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  snapshot = await loadSnapshot(server.database.opened.db, server.workspace.id);
});
afterAll(async () => {
  await server?.close();
});

// `$D` follows each root field's arguments: empty for the fast path, `@include(if: true)` (same result, not
// compiled as a whole) for graphql-js executing every resolver.
const CASES: [string, string, Record<string, unknown>][] = [
  [
    'nested relations both ways, dates and enums',
    `{ opportunities(first: 7, orderBy: [{ amount: DescNullsLast }])$D {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id name stage closeDate probability createdAt updatedAt deletedAt version
          amount { amount currencyCode } company { name industry employees address { city country }
            people(first: 2, orderBy: [{ email: AscNullsLast }]) { totalCount nodes { name { firstName lastName } email } } } } }
      } }`,
    {},
  ],
  [
    'aliases, fragments and variables',
    `query Deals($stage: OpportunityStage!, $n: Int) {
        won: opportunities(filter: { stage: { eq: $stage } }, first: $n)$D { nodes { ...Deal } }
        few: companies(first: 3, orderBy: [{ name: AscNullsLast }])$D { nodes { label: name ... on Company { createdAt } } }
      }
      fragment Deal on Opportunity { title: name amount { amount } pointOfContact { email } }`,
    { stage: 'CLOSED_WON', n: 5 },
  ],
  [
    'filters, backward pages and relation filters',
    `{ people(last: 4, filter: { company: { industry: { isNull: false } } }, orderBy: [{ email: AscNullsFirst }])$D {
        pageInfo { hasPreviousPage startCursor } nodes { email company { id } }
      } }`,
    {},
  ],
  [
    'aggregates with groups',
    `{ opportunitiesAggregate(groupBy: [{ stage: true }, { closeDate: month }])$D {
        group { stage closeDate } count sum { probability } avg { probability } min { closeDate probability } max { closeDate }
      } }`,
    {},
  ],
];

function context(permissions = UNRESTRICTED, actorId: string | null = null): DataRequestContext {
  // Only the rights and the actor matter to the compiler; the rest is never read by it.
  const partial: Pick<DataRequestContext, 'actor' | 'permissions'> = {
    actor: { kind: 'user', id: actorId, role: permissions.role },
    permissions,
  };
  return partial as DataRequestContext;
}

describe('the fast path for read-only queries', () => {
  test.each(CASES)('%s: same answer as graphql-js', async (_case, template, variables) => {
    const fast = template.replaceAll('$D', '');
    const eligible = compileOperation(buildDataSchema(snapshot), parse(fast), null, variables, context());
    expect(eligible).not.toBeNull();
    const [viaSql, viaResolvers] = await Promise.all([
      server.gql(fast, variables),
      server.gql(template.replaceAll('$D', ' @include(if: true)'), variables),
    ]);
    expect(viaResolvers.errors).toBeUndefined();
    expect(viaSql).toEqual(viaResolvers);
  });

  test('a record by id, and a missing one as null', async () => {
    const list = await server.gql<{ companies: { nodes: { id: string }[] } }>(
      '{ companies(first: 1) { nodes { id } } }',
    );
    const id = list.data?.companies.nodes[0]?.id;
    const query = `query($id: ID!) { company(id: $id)$D { name createdAt opportunities { totalCount } } missing: person(id: "0190a0a0-0000-7000-8000-000000000000")$D { id } }`;
    const [viaSql, viaResolvers] = await Promise.all([
      server.gql(query.replaceAll('$D', ''), { id }),
      server.gql(query.replaceAll('$D', ' @include(if: true)'), { id }),
    ]);
    expect(viaResolvers.data?.company).not.toBeNull();
    expect(viaSql).toEqual(viaResolvers);
  });

  test.each([
    ['a page above the limit', '{ companies(first: 5000) { nodes { id } } }', 'LIMIT_EXCEEDED'],
    ['an unknown field', '{ companies { nodes { nope } } }', 'BAD_USER_INPUT'],
    ['a malformed id', '{ company(id: "nope") { id } }', 'BAD_USER_INPUT'],
  ])('%s keeps its error code', async (_case, query, code) => {
    const result = await server.gql(query);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
  });
});

describe('the sessions compiled reads run on', () => {
  // PostgreSQL JIT-compiles a plan again at every execution: 40-130 ms on a 200 ms list sorted by a roll-up.
  test('run without JIT', async () => {
    const { rows } = await server.database.opened.db.query<{ jit: string }>('show jit');
    expect(rows[0]?.jit).toBe('off');
  });
});

describe('compiled plans, reused per schema, actor, operation and variables', () => {
  const request = (first: number) => ({
    query: 'query($n: Int) { companies(first: $n) { nodes { name } } }',
    operationName: null,
    variables: { n: first },
  });
  const A = '0190a0a0-0000-7000-8000-00000000000a';
  const B = '0190a0a0-0000-7000-8000-00000000000b';

  test('the same request reuses its plan; other variables get their own', () => {
    const schema = buildDataSchema(snapshot);
    const first = operationPlan(schema, request(5), context());
    expect(first?.fields[0]?.statement.text).toContain('limit 5');
    expect(operationPlan(schema, request(5), context())).toBe(first);
    expect(operationPlan(schema, request(5), context(UNRESTRICTED, A))).toBe(first);
    const other = operationPlan(schema, request(7), context());
    expect(other).not.toBe(first);
    expect(other?.fields[0]?.statement.text).toContain('limit 7');
  });

  test("a scoped role's plan binds the actor, so actors never share one", () => {
    const company = snapshot.objects.find((o) => o.nameSingular === 'company');
    if (!company) throw new Error('the demo model has companies');
    const own: RolePermissions = {
      role: 'own-companies',
      unrestricted: false,
      objects: new Map([
        [
          'company',
          {
            read: true,
            create: false,
            update: false,
            delete: false,
            scope: 'own',
            condition: null,
            hiddenFields: new Set(),
            readOnlyFields: new Set(),
          },
        ],
      ]),
    };
    const schema = buildDataSchema(snapshot, { permissions: own });
    const forA = operationPlan(schema, request(5), context(own, A));
    const forB = operationPlan(schema, request(5), context(own, B));
    expect(forA?.fields[0]?.params).toContain(A);
    expect(forB?.fields[0]?.params).toContain(B);
    expect(operationPlan(schema, request(5), context(own, A))).toBe(forA);
  });

  test('a request the compiler refuses has no plan (graphql-js reports it)', () => {
    const schema = buildDataSchema(snapshot);
    expect(operationPlan(schema, request(5000), context())).toBeNull();
    expect(operationPlan(schema, { ...request(5), query: '{ companies { nope } }' }, context())).toBeNull();
  });
});

describe('compiled reads answered before Express', () => {
  let limited: TestServer;
  let prepared = 0;
  beforeAll(async () => {
    limited = await startTestServer({ seedDemo: true, limits: { apiKeyPerMinute: 3 }, trustProxy: 'loopback' });
    const db = limited.instance.services.db;
    const queryPrepared = db.queryPrepared.bind(db);
    db.queryPrepared = (statement, params) => {
      prepared++;
      return queryPrepared(statement, params);
    };
  });
  afterAll(async () => {
    await limited?.close();
  });

  const post = (token: string, headers: Record<string, string> = {}) =>
    fetch(`${limited.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query: '{ companies(first: 2) { totalCount } }' }),
    });

  test('with the same headers, rate limit and errors as the Express route', async () => {
    const before = prepared;
    const plain = await post(limited.apiKey);
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ data: { companies: { totalCount: expect.any(Number) } } });
    expect(prepared).toBe(before + 1);
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('strict-transport-security')).toBeNull();

    const viaHttpsProxy = await post(limited.apiKey, { 'x-forwarded-proto': 'https' });
    expect(viaHttpsProxy.headers.get('strict-transport-security')).toContain('max-age=');
    expect(prepared).toBe(before + 2);

    expect((await post(limited.apiKey)).status).toBe(200);
    const limitedResponse = await post(limited.apiKey);
    expect(limitedResponse.status).toBe(429);
    expect(Number(limitedResponse.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limitedResponse.json()).toMatchObject({ errors: [{ extensions: { code: 'LIMIT_EXCEEDED' } }] });
    expect(prepared).toBe(before + 3);

    const unknown = await post('rk_unknown');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(prepared).toBe(before + 3);
  });
});
