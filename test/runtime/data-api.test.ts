import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { subscribeSse } from '../support/sse';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
});
afterAll(async () => {
  await server?.close();
});

interface Connection<T> {
  totalCount: number;
  nodes: T[];
}

describe('the demo workspace over HTTP', () => {
  test('holds related companies, people and opportunities', async () => {
    const result = await server.gql<{
      companies: Connection<unknown>;
      people: Connection<unknown>;
      opportunities: Connection<{ stage: string; amount: { amount: number }; company: { name: string } | null }>;
    }>(`{
      companies { totalCount }
      people { totalCount }
      opportunities(filter: { stage: { eq: PROPOSAL } }, orderBy: [{ amount: DescNullsLast }], first: 5) {
        totalCount
        nodes { stage amount { amount currencyCode } company { name people(first: 3) { nodes { name { firstName } } } } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.companies.totalCount).toBe(300);
    expect(result.data?.people.totalCount).toBe(1500);
    const deals = result.data!.opportunities;
    expect(deals.totalCount).toBeGreaterThan(0);
    expect(deals.nodes.every((deal) => deal.stage === 'PROPOSAL' && deal.company !== null)).toBe(true);
    const amounts = deals.nodes.map((deal) => deal.amount.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });
});

describe('error codes', () => {
  test.each([
    ['an unknown field', '{ companies { nodes { nope } } }', {}],
    ['a syntax error', '{ companies { ', {}],
    ['a variable of the wrong type', 'query($n: Int) { companies(first: $n) { totalCount } }', { n: 'many' }],
  ])('%s is BAD_USER_INPUT', async (_case, query, variables) => {
    const result = await server.gql(query, variables);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('invalid record input is BAD_USER_INPUT naming the field', async () => {
    const result = await server.gql('mutation { createCompany(data: { name: "Acme", domain: "not a url" }) { id } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data.domain' });
  });

  test('a page larger than allowed is LIMIT_EXCEEDED', async () => {
    const result = await server.gql('{ companies(first: 5000) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });

  test('a stale expectedVersion is CONFLICT', async () => {
    const created = await server.gql<{ createCompany: { id: string } }>(
      'mutation { createCompany(data: { name: "Versioned" }) { id } }',
    );
    const id = created.data!.createCompany.id;
    const update = 'mutation($id: ID!) { updateCompany(id: $id, data: { employees: 5 }, expectedVersion: 7) { id } }';
    const result = await server.gql(update, { id });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('live schema', () => {
  test('a field added through /metadata is queryable on the very next request', async () => {
    const before = await server.gql('{ companies(first: 1) { nodes { tier } } }');
    expect(before.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const change = await server.metadataGql<{ createField: { applied: boolean } }>(
      'mutation { createField(object: "company", input: { name: "tier", label: "Tier", type: TEXT }) { applied } }',
    );
    expect(change.errors).toBeUndefined();
    expect(change.data?.createField.applied).toBe(true);
    const after = await server.gql<{ companies: Connection<{ tier: string | null }> }>(
      '{ companies(first: 1) { nodes { tier } } }',
    );
    expect(after.errors).toBeUndefined();
    expect(after.data?.companies.nodes[0]).toEqual({ tier: null });
  });
});

describe('subscriptions over SSE', () => {
  test('a subscriber receives a change committed through the API', async () => {
    const subscription = await subscribeSse(
      `${server.url}/graphql`,
      server.apiKey,
      'subscription { opportunityChanged { kind id changedFields record { name } } }',
    );
    try {
      const list = await server.gql<{ opportunities: Connection<{ id: string }> }>(
        '{ opportunities(first: 1) { nodes { id } } }',
      );
      const id = list.data!.opportunities.nodes[0]!.id;
      const update = await server.gql(
        'mutation($id: ID!) { updateOpportunity(id: $id, data: { name: "Live deal" }) { id } }',
        {
          id,
        },
      );
      expect(update.errors).toBeUndefined();
      const event = await subscription.next();
      expect(event.data?.opportunityChanged).toEqual({
        kind: 'UPDATED',
        id,
        changedFields: ['name'],
        record: { name: 'Live deal' },
      });
    } finally {
      subscription.close();
    }
  });
});
