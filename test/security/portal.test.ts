import { createWorkspace } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { subscribeSse } from '../support/sse';
import { postGraphQL, startTestServer, type TestServer } from '../support/test-server';
import { createPortalUser, type PortalIds, portalSignIn, post, seedPortalModel } from './portal-fixture';

type Values = Record<string, unknown>;

/** A UUID no record has. */
const MISSING_ID = '0190a000-0000-7000-8000-00000000dead';

let server: TestServer;
let ids: PortalIds;
/** Portal user linked to person Ann (Acme). */
let ann: string;

beforeAll(async () => {
  server = await startTestServer();
  ids = await seedPortalModel(server);
  const created = await createPortalUser(server, {
    email: 'Ann@Acme.io',
    password: 'ann portal password',
    object: 'person',
    recordId: ids.ann,
  });
  expect(created.errors).toBeUndefined();
  ann = await portalSignIn(server, 'ann@acme.io', 'ann portal password');
});
afterAll(() => server?.close());

/** Runs `query` as `token` and returns its data (throws on errors). */
async function data(token: string, query: string, variables?: Values): Promise<Values> {
  const result = await server.gql(query, variables, token);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as Values;
}

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

describe('portal user accounts through /metadata', () => {
  test('list shows the account with its linked record, never a password', async () => {
    const result = await server.metadataGql<{ portalUsers: Values[] }>(
      '{ portalUsers { email object recordId isActive } }',
    );
    expect(result.data?.portalUsers).toEqual([
      { email: 'ann@acme.io', object: 'person', recordId: ids.ann, isActive: true },
    ]);
  });

  test('a password left out is generated and returned once', async () => {
    const result = await createPortalUser(server, { email: 'zed@bolt.io', object: 'person', recordId: ids.zed });
    const password = result.data?.createPortalUser.password;
    expect(typeof password).toBe('string');
    expect(await portalSignIn(server, 'zed@bolt.io', password!)).toMatch(/^rp_/);
  });

  test.each([
    ['a record that does not exist', { object: 'person', recordId: MISSING_ID }, 'BAD_USER_INPUT'],
    ['an unknown object', { object: 'nobody', recordId: MISSING_ID }, 'BAD_USER_INPUT'],
    ['a short password', { object: 'person', password: 'short' }, 'BAD_USER_INPUT'],
    ['an email taken in the workspace', { email: 'ANN@acme.io', object: 'person' }, 'CONFLICT'],
  ])('refuses %s', async (_case, input, code) => {
    const result = await createPortalUser(server, { email: 'new@acme.io', recordId: ids.bob, ...input });
    expect(codeOf(result)).toBe(code);
  });

  test('portalVisible is returned on fields and changing it bumps the metadata version', async () => {
    const before = await server.metadataGql<{ metadataVersion: number; object: { fields: Values[] } }>(
      '{ metadataVersion object(name: "person") { fields { name portalVisible } } }',
    );
    expect(before.data?.object.fields).toContainEqual({ name: 'secret', portalVisible: false });
    expect(before.data?.object.fields).toContainEqual({ name: 'email', portalVisible: true });
    const change = await server.metadataGql<{ updateField: { metadataVersion: number; field: Values } }>(
      'mutation { updateField(object: "company", name: "revenue", input: { portalVisible: false }) { metadataVersion field { portalVisible } } }',
    );
    expect(change.data?.updateField.field).toEqual({ portalVisible: false });
    expect(change.data?.updateField.metadataVersion).toBeGreaterThan(before.data!.metadataVersion);
  });
});

describe('what a portal user linked to Ann reads', () => {
  test('Ann herself among people, her tickets, her company; nothing of others', async () => {
    const result = await data(
      ann,
      `{ people { totalCount nodes { id name email } }
         tickets { totalCount nodes { title contact { name } } }
         companies { totalCount nodes { name } } }`,
    );
    expect(result).toEqual({
      people: { totalCount: 1, nodes: [{ id: ids.ann, name: 'Ann', email: 'ann@acme.io' }] },
      tickets: { totalCount: 1, nodes: [{ title: 'Ann asks', contact: { name: 'Ann' } }] },
      companies: { totalCount: 1, nodes: [{ name: 'Acme' }] },
    });
  });

  test('get by id of a record out of reach is null, like a missing one', async () => {
    const result = await data(
      ann,
      'query($p: ID!, $t: ID!, $c: ID!) { person(id: $p) { name } ticket(id: $t) { title } company(id: $c) { name } }',
      { p: ids.bob, t: ids.bobTicket, c: ids.bolt },
    );
    expect(result).toEqual({ person: null, ticket: null, company: null });
  });

  test("nested lists from Ann's company do not reveal her colleagues or their tickets", async () => {
    const result = await data(
      ann,
      'query($id: ID!) { person(id: $id) { company { people { totalCount nodes { name tickets { nodes { title } } } } } } }',
      { id: ids.ann },
    );
    expect(result.person).toEqual({
      company: { people: { totalCount: 1, nodes: [{ name: 'Ann', tickets: { nodes: [{ title: 'Ann asks' }] } }] } },
    });
  });

  test('a filter cannot widen the reach; aggregates and search count only reachable records', async () => {
    const widened = await data(
      ann,
      '{ people(filter: { or: [{ name: { eq: "Bob" } }, { not: { name: { eq: "Bob" } } }] }) { totalCount } }',
    );
    expect(widened.people).toEqual({ totalCount: 1 });
    // A relation filter cannot probe the people of her company she does not see (Bob works at Acme).
    const probe = '{ companies(filter: { people: { name: { eq: "Bob" } } }) { totalCount } }';
    expect(await data(server.adminToken, probe)).toEqual({ companies: { totalCount: 1 } });
    expect(await data(ann, probe)).toEqual({ companies: { totalCount: 0 } });
    const aggregate = await data(ann, '{ ticketsAggregate { count } }');
    expect(aggregate.ticketsAggregate).toEqual([{ count: 1 }]);
    const search = await data(ann, '{ search(query: "asks") { id } }');
    expect(search.search).toEqual([{ id: ids.annTicket }]);
  });

  test('hidden fields and objects are absent from the schema', async () => {
    const schema = await data(
      ann,
      '{ person: __type(name: "Person") { fields { name } } deal: __type(name: "Deal") { name } }',
    );
    // Of the standard fields only `id`: no member ids (createdBy, ownerId), timestamps or history.
    const names = (schema.person as { fields: { name: string }[] }).fields.map((f) => f.name);
    expect(names.sort()).toEqual(['company', 'companyId', 'email', 'id', 'name', 'tickets']);
    expect(schema.deal).toBeNull();
  });

  test.each([
    ['filtering on a hidden field', '{ people(filter: { secret: { eq: "b" } }) { totalCount } }'],
    [
      'filtering through a relation on a hidden field',
      '{ tickets(filter: { contact: { secret: { eq: "b" } } }) { totalCount } }',
    ],
    ['sorting on a hidden field', '{ tickets(orderBy: [{ internalNote: AscNullsLast }]) { totalCount } }'],
    ['grouping on a hidden field', '{ companiesAggregate(groupBy: [{ revenue: true }]) { count } }'],
    ['filtering on a member id', '{ people(filter: { ownerId: { isNull: false } }) { totalCount } }'],
    ['sorting on a timestamp', '{ people(orderBy: [{ createdAt: AscNullsLast }]) { totalCount } }'],
  ])('%s is refused with FORBIDDEN, never answered', async (_case, query) => {
    expect((await server.gql(query)).errors).toBeUndefined(); // the admin may
    expect(codeOf(await server.gql(query, {}, ann))).toBe('FORBIDDEN');
  });

  test.each([
    ['selecting a hidden field', '{ people { nodes { secret } } }'],
    ['reading history', '{ people { nodes { history { nodes { actorId } } } } }'],
    ['reading a hidden object', '{ deals { totalCount } }'],
    ['following a hidden relation', '{ companies { nodes { deals { totalCount } } } }'],
  ])('%s is refused with BAD_USER_INPUT (validation against its own schema)', async (_case, query) => {
    expect((await server.gql(query)).errors).toBeUndefined(); // the admin may
    expect(codeOf(await server.gql(query, {}, ann))).toBe('BAD_USER_INPUT');
  });

  test.each([
    ['create', 'mutation { createTicket(data: { title: "mine" }) { id } }'],
    [
      'update',
      `mutation { updatePerson(id: "${'0'.repeat(8)}-0000-7000-8000-000000000000", data: { name: "x" }) { id } }`,
    ],
    ['save a view', 'mutation { createView(input: { object: "ticket", name: "v", kind: TABLE }) { id } }'],
  ])('it cannot %s (its schema has no mutations)', async (_case, query) => {
    expect(codeOf(await server.gql(query, {}, ann))).toBe('BAD_USER_INPUT');
  });
});

describe('the recycle bin', () => {
  test('is closed to portal users: deleted records are filtered by `deletedAt`, which they do not read', async () => {
    expect((await server.gql('{ people(deleted: true) { totalCount } }')).errors).toBeUndefined(); // the admin may
    expect(codeOf(await server.gql('{ people(deleted: true) { totalCount } }', {}, ann))).toBe('FORBIDDEN');
  });
});

describe('live changes over SSE', () => {
  test('only reachable records, naming only portal-visible fields', async () => {
    const subscription = await subscribeSse(
      `${server.url}/graphql`,
      ann,
      'subscription { ticketChanged { kind id changedFields record { title } } }',
    );
    try {
      const update = 'mutation($id: ID!, $data: TicketUpdateInput!) { updateTicket(id: $id, data: $data) { id } }';
      const bobData = { internalNote: 'changed' };
      const annData = { title: 'Ann asks again', internalNote: 'changed' };
      expect((await server.gql(update, { id: ids.bobTicket, data: bobData })).errors).toBeUndefined();
      expect((await server.gql(update, { id: ids.annTicket, data: annData })).errors).toBeUndefined();
      // Events arrive in order: the first one delivered is Ann's, so Bob's was not delivered.
      expect((await subscription.next()).data).toEqual({
        ticketChanged: {
          kind: 'UPDATED',
          id: ids.annTicket,
          changedFields: ['title'],
          record: { title: 'Ann asks again' },
        },
      });
    } finally {
      subscription.close();
    }
  });
});

describe('where a portal token is accepted', () => {
  test('not on /metadata', async () => {
    const result = await server.metadataGql('{ portalUsers { email } }', {}, ann);
    expect(result.status).toBe(401);
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
  });

  test('not on the member /auth endpoints', async () => {
    const signOut = await post(server, '/auth/sign-out', {}, ann);
    expect(signOut).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const change = await post(
      server,
      '/auth/change-password',
      { currentPassword: 'x', newPassword: 'y'.repeat(12) },
      ann,
    );
    expect(change).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  test('a member token cannot sign out on /portal, nor sign in there with member credentials', async () => {
    const signOut = await post(server, '/portal/auth/sign-out', {}, server.adminToken);
    expect(signOut).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const signIn = await post(server, '/portal/auth/sign-in', { workspace: 'demo', ...server.admin });
    expect(signIn).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  test('not in another workspace', async () => {
    const db = server.database.opened.db;
    await createWorkspace(db, { slug: 'other', name: 'Other' });
    await createUser(db, { workspace: 'other', email: 'ann@acme.io', password: 'ann portal password', role: 'admin' });
    const named = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ann}`, 'x-relata-workspace': 'other' },
      body: JSON.stringify({ query: '{ people { totalCount } }' }),
    });
    expect(named.status).toBe(403);
    const elsewhere = await post(server, '/portal/auth/sign-in', {
      workspace: 'other',
      email: 'ann@acme.io',
      password: 'ann portal password',
    });
    expect(elsewhere).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  test('a wrong password is UNAUTHENTICATED', async () => {
    const answer = await post(server, '/portal/auth/sign-in', {
      workspace: 'demo',
      email: 'ann@acme.io',
      password: 'nope',
    });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });
});

describe('ending portal access', () => {
  test('sign-out revokes the token at once', async () => {
    const token = await portalSignIn(server, 'ann@acme.io', 'ann portal password');
    expect(await data(token, '{ people { totalCount } }')).toEqual({ people: { totalCount: 1 } });
    expect((await post(server, '/portal/auth/sign-out', {}, token)).body).toEqual({ signedOut: true });
    expect(codeOf(await server.gql('{ people { totalCount } }', {}, token))).toBe('UNAUTHENTICATED');
  });

  test("deactivation makes the user's token fail on the very next request, and sign-in too", async () => {
    await createPortalUser(server, {
      email: 'bob@acme.io',
      password: 'bob portal password',
      object: 'person',
      recordId: ids.bob,
    });
    const bob = await portalSignIn(server, 'bob@acme.io', 'bob portal password');
    // The same query text, one portal role (portal:person): each user still gets its own records.
    const query = '{ tickets { nodes { title } } }';
    expect(await data(ann, query)).toEqual({ tickets: { nodes: [{ title: 'Ann asks again' }] } });
    expect(await data(bob, query)).toEqual({ tickets: { nodes: [{ title: 'Bob asks' }] } });
    const deactivated = await server.metadataGql<{ deactivatePortalUser: Values }>(
      'mutation { deactivatePortalUser(email: "bob@acme.io") { email isActive } }',
    );
    expect(deactivated.data?.deactivatePortalUser).toEqual({ email: 'bob@acme.io', isActive: false });
    const after = await postGraphQL(`${server.url}/graphql`, '{ tickets { totalCount } }', {}, bob);
    expect(after.status).toBe(401);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    const again = await post(server, '/portal/auth/sign-in', {
      workspace: 'demo',
      email: 'bob@acme.io',
      password: 'bob portal password',
    });
    expect(again.status).toBe(401);
  });
});
