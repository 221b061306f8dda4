/**
 * The operational template's roles on its seed data, as a commercial CRM draws them: a sales rep
 * works their own leads and opportunities and reads the rest of the sales side, never product
 * costs nor service internals it may not change; a support agent works cases and the knowledge
 * base and sees no pipeline; a sales manager sees the whole team's pipeline.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OperationalServer, startOperational } from './operational-server';

let ops: OperationalServer;
beforeAll(async () => {
  ops = await startOperational();
  // An admin hands the first rep three opportunities and two leads of the seed.
  const [rita] = ops.reps;
  const { opportunities } = await ops.gql<{ opportunities: { edges: { node: { id: string } }[] } }>(
    '{ opportunities(first: 3, orderBy: [{ name: AscNullsLast }]) { edges { node { id } } } }',
  );
  for (const { node } of opportunities.edges) {
    await ops.gql('mutation($id: ID!, $o: ID!) { updateOpportunity(id: $id, data: { ownerId: $o }) { id } }', {
      id: node.id,
      o: rita!.id,
    });
  }
  const { leads } = await ops.gql<{ leads: { edges: { node: { id: string } }[] } }>(
    '{ leads(first: 2, orderBy: [{ email: AscNullsLast }]) { edges { node { id } } } }',
  );
  for (const { node } of leads.edges) {
    await ops.gql('mutation($id: ID!, $o: ID!) { updateLead(id: $id, data: { ownerId: $o }) { id } }', {
      id: node.id,
      o: rita!.id,
    });
  }
}, 240_000);
afterAll(async () => {
  await ops?.close();
});

/** The GraphQL error codes of a request as `token`'s user (none: it succeeded). */
async function codes(query: string, token?: string, variables: Record<string, unknown> = {}) {
  const result = await ops.server.gql(query, variables, token);
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/**
 * `token`'s user is refused what an admin may do (the admin's request proves the query itself is
 * right): FORBIDDEN, or BAD_USER_INPUT where the role's schema has no such field or mutation.
 */
async function refused(query: string, token: string, variables: Record<string, unknown> = {}) {
  expect(await codes(query, undefined, variables), `admin: ${query}`).toEqual([]);
  const got = await codes(query, token, variables);
  expect(got.length, query).toBeGreaterThan(0);
  for (const code of got) expect(['FORBIDDEN', 'BAD_USER_INPUT'], query).toContain(code);
}

describe('operational roles', () => {
  test('the sample belongs to the admin who installed it: the seeded leads, deals and cases are theirs', async () => {
    const { rows } = await ops.server.database.opened.db.query<{ id: string }>(
      'select id from relata.users where email = $1',
      [ops.server.admin.email],
    );
    const admin = rows[0]!.id;
    // Rita was handed 3 deals and 2 leads in beforeAll; the rest are still the admin's.
    expect(await ops.count('opportunities', { ownerId: { eq: admin } })).toBe(90 - 3);
    expect(await ops.count('leads', { ownerId: { eq: admin } })).toBe(80 - 2);
    expect(await ops.count('cases', { ownerId: { eq: admin } })).toBe(40);
    expect(await ops.count('accounts', { ownerId: { isNull: true } })).toBe(0);
  });

  test('a sales rep sees their own leads and opportunities, every account, contact, product and campaign', async () => {
    const token = await ops.tokenOf(ops.reps[0]!);
    expect(await ops.count('opportunities', {}, token)).toBe(3);
    expect(await ops.count('leads', {}, token)).toBe(2);
    expect(await ops.count('accounts', {}, token)).toBe(60);
    expect(await ops.count('contacts', {}, token)).toBe(150);
    expect(await ops.count('products', {}, token)).toBe(12);
    expect(await ops.count('campaigns', {}, token)).toBe(4);
    // Another rep owns none of them.
    expect(await ops.count('opportunities', {}, await ops.tokenOf(ops.reps[1]!))).toBe(0);
  });

  test('a sales rep never reads product costs, and cannot change campaigns, products or cases', async () => {
    const token = await ops.tokenOf(ops.reps[0]!);
    expect(await codes('{ products(first: 1) { edges { node { unitPrice } } } }', token)).toEqual([]);
    await refused('{ products(first: 1) { edges { node { unitCost } } } }', token);
    const { campaigns } = await ops.gql<{ campaigns: { edges: { node: { id: string } }[] } }>(
      '{ campaigns(first: 1) { edges { node { id } } } }',
    );
    const id = campaigns.edges[0]!.node.id;
    await refused('mutation($id: ID!) { updateCampaign(id: $id, data: { budget: 1 }) { id } }', token, { id });
    const product = '{ name: "Free trial", code: "FREE", unitPrice: 0 }';
    expect(await codes(`mutation { createProduct(data: ${product}) { id } }`, token)).not.toEqual([]);
    expect(await codes('mutation { createCase(data: { number: "CS-X", subject: "x" }) { id } }', token)).not.toEqual(
      [],
    );
    // What a rep may do: create a lead, which is theirs.
    const { createLead } = await ops.gql<{ createLead: { ownerId: string } }>(
      'mutation { createLead(data: { lastName: "Walk-in", email: "walkin@prospect.example" }) { ownerId } }',
      {},
      token,
    );
    expect(createLead.ownerId).toBe(ops.reps[0]!.id);
  });

  test('a support agent works every case and article but sees no lead, opportunity or quote', async () => {
    const token = await ops.tokenOf(ops.agent);
    expect(await ops.count('cases', {}, token)).toBe(40);
    expect(await ops.count('articles', {}, token)).toBe(15);
    for (const query of ['{ leads { totalCount } }', '{ opportunities { totalCount } }', '{ quotes { totalCount } }']) {
      await refused(query, token);
    }
    const { createCase } = await ops.gql<{ createCase: { priority: string } }>(
      'mutation { createCase(data: { number: "CS-7001", subject: "Printer jam" }) { priority } }',
      {},
      token,
    );
    expect(createCase.priority).toBe('NORMAL');
  });

  test('a sales manager sees the whole pipeline, costs included', async () => {
    const token = await ops.tokenOf(ops.manager);
    // As many as the admin: the seed's and those the reps added.
    expect(await ops.count('opportunities', {}, token)).toBe(90);
    expect(await ops.count('leads', {}, token)).toBe(await ops.count('leads'));
    expect(await ops.count('leads', {}, token)).toBeGreaterThanOrEqual(80);
    expect(await codes('{ products(first: 1) { edges { node { unitCost } } } }', token)).toEqual([]);
  });
});
