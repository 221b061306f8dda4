import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  configurePortal,
  createPortalUser,
  PORTAL_SETTINGS,
  type PortalIds,
  portalApi,
  portalSignIn,
  seedPortalModel,
} from './portal-fixture';

type Values = Record<string, unknown>;

/** A UUID no record has. */
const MISSING_ID = '0190a000-0000-7000-8000-00000000dead';

let server: TestServer;
let ids: PortalIds;
/** Portal session of Ann (linked to person Ann, whose ticket is `annTicket`). */
let ann: string;
/** Messages linked by the agents: on Ann's ticket (email out, SMS), on Bob's ticket (email out). */
let messages: { annEmail: string; annSms: string; bobEmail: string; annNote: string };

async function gqlData<T = Values>(query: string, variables?: Values, token?: string): Promise<T> {
  const result = await server.gql<T>(query, variables, token);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as T;
}

/** Creates an activity as the admin and links it to `targets`. */
async function activity(object: 'message' | 'note', data: Values, targets: { object: string; id: string }[]) {
  const type = object === 'message' ? 'Message' : 'Note';
  const created = await gqlData<Record<string, { id: string }>>(
    `mutation($data: ${type}CreateInput!) { create${type}(data: $data) { id } }`,
    { data },
  );
  const id = created[`create${type}`]!.id;
  await gqlData(
    'mutation($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { id } }',
    { a: { object, id }, t: targets },
  );
  return id;
}

const email = (subject: string, body: string) => ({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  subject,
  body,
  sentAt: '2026-12-01T10:00:00Z',
});

beforeAll(async () => {
  server = await startTestServer({ activities: true });
  ids = await seedPortalModel(server);
  await configurePortal(server);
  for (const [mail, recordId] of [
    ['ann@acme.io', ids.ann],
    ['bob@acme.io', ids.bob],
  ] as const)
    await createPortalUser(server, { email: mail, password: `${mail} password`, object: 'person', recordId });
  ann = await portalSignIn(server, 'ann@acme.io', 'ann@acme.io password');
  const annTicket = [{ object: 'ticket', id: ids.annTicket }];
  messages = {
    annEmail: await activity('message', email('We are on it', '<p>Hello Ann</p>'), annTicket),
    annSms: await activity('message', { channel: 'SMS', direction: 'OUTBOUND', body: 'sms to ann' }, annTicket),
    bobEmail: await activity('message', email('Bob only', '<p>Hello Bob</p>'), [
      { object: 'ticket', id: ids.bobTicket },
    ]),
    annNote: await activity('note', { title: 'Internal: Ann is upset', body: '<p>secret</p>' }, annTicket),
  };
});
afterAll(() => server?.close());

const notFound = (answer: { status: number; body: Values & { error?: { code?: string } } }) => {
  expect(answer.status).toBe(404);
  expect(answer.body.error?.code).toBe('NOT_FOUND');
};

describe('the portal journey', () => {
  test('me: the workspace and the shown objects with their portal-visible fields only', async () => {
    const me = await portalApi(server, 'GET', '/me', ann);
    expect(me.status).toBe(200);
    const [ticket] = me.body.objects as { object: string; fields: { name: string }[] }[];
    expect(ticket?.object).toBe('ticket');
    expect(ticket?.fields.map((f) => f.name).sort()).toEqual(['details', 'status', 'title']);
  });

  test('my cases: only the contact’s own, with their status, never hidden fields', async () => {
    const answer = await portalApi(server, 'GET', '/cases', ann);
    const cases = answer.body.cases as Values[];
    expect(cases.map((c) => c.id)).toEqual([ids.annTicket]);
    expect(cases[0]).toMatchObject({ object: 'ticket', title: 'Ann asks', status: null });
    expect(JSON.stringify(cases)).not.toContain('vip');
  });

  test('a case page shows the email conversation, not the SMS, the note or other cases’ messages', async () => {
    const answer = await portalApi(server, 'GET', `/cases/ticket/${ids.annTicket}`, ann);
    expect(answer.status).toBe(200);
    const shown = (answer.body.messages as Values[]).map((m) => m.id);
    expect(shown).toEqual([messages.annEmail]);
    expect(JSON.stringify(answer.body)).not.toMatch(/secret|sms to ann|Hello Bob|Internal/);
  });

  test('a reply is a PORTAL INBOUND message, unanswered, linked to the case and the contact', async () => {
    const answer = await portalApi(server, 'POST', `/cases/ticket/${ids.annTicket}/replies`, ann, {
      body: 'Thanks!\n<script>alert(1)</script>',
    });
    expect(answer.status).toBe(200);
    const id = (answer.body.message as { id: string }).id;
    const stored = await gqlData<{ message: Values }>(
      `query($id: ID!) { message(id: $id) { channel direction answeredAt fromAddress body } }`,
      { id },
    );
    expect(stored.message).toMatchObject({
      channel: 'PORTAL',
      direction: 'INBOUND',
      answeredAt: null,
      fromAddress: 'ann@acme.io',
    });
    expect(String(stored.message.body)).not.toContain('<script');
    const targets = await gqlData<{ activityTargets: { object: string; id: string }[] }>(
      'query($id: ID!) { activityTargets(object: "message", id: $id) { object id } }',
      { id },
    );
    expect(targets.activityTargets.map((t) => `${t.object}:${t.id}`).sort()).toEqual(
      [`person:${ids.ann}`, `ticket:${ids.annTicket}`].sort(),
    );
    const page = await portalApi(server, 'GET', `/cases/ticket/${ids.annTicket}`, ann);
    expect((page.body.messages as Values[]).map((m) => m.id)).toEqual([messages.annEmail, id]);
  });

  test('a new case holds the allowed fields and is linked to the contact by the server', async () => {
    const answer = await portalApi(server, 'POST', '/cases/ticket', ann, {
      values: { title: 'Printer on fire', details: 'Since Monday' },
    });
    expect(answer.status).toBe(200);
    const created = answer.body.case as { id: string };
    const stored = await gqlData<{ ticket: Values }>('query($id: ID!) { ticket(id: $id) { title contactId } }', {
      id: created.id,
    });
    expect(stored.ticket).toEqual({ title: 'Printer on fire', contactId: ids.ann });
    const list = await portalApi(server, 'GET', '/cases', ann);
    expect((list.body.cases as Values[]).map((c) => c.id)).toEqual([created.id, ids.annTicket]);
  });
});

describe('a contact object with no portal-visible field', () => {
  // Regression: the portal schema had an empty PersonGroupBy and every portal read failed.
  test('still gives the portal user a valid schema: its cases and /graphql answer', async () => {
    const visible = (name: string, portalVisible: boolean) =>
      server.metadataGql(
        `mutation { updateField(object: "person", name: "${name}", input: { portalVisible: ${portalVisible} }) { applied } }`,
      );
    for (const name of ['name', 'email']) expect((await visible(name, false)).errors).toBeUndefined();
    try {
      const cases = await portalApi(server, 'GET', '/cases', ann);
      expect(cases.status).toBe(200);
      expect((cases.body.cases as Values[]).map((c) => c.id)).toContain(ids.annTicket);
      const people = await server.gql<{ people: { nodes: { id: string }[] } }>('{ people { nodes { id } } }', {}, ann);
      expect(people.data?.people.nodes).toEqual([{ id: ids.ann }]);
    } finally {
      for (const name of ['name', 'email']) await visible(name, true);
    }
  });
});

describe('nothing of another contact is reachable', () => {
  test.each([
    ['another contact’s case by id', () => `/cases/ticket/${ids.bobTicket}`],
    ['a case that does not exist', () => `/cases/ticket/${MISSING_ID}`],
    ['a malformed id', () => '/cases/ticket/not-a-uuid'],
    ['a message by id (messages are not a case list)', () => `/cases/message/${messages.bobEmail}`],
    ['a note by id', () => `/cases/note/${messages.annNote}`],
    ['an object the portal does not show', () => `/cases/deal/${ids.deal}`],
    ['the contact record as a case', () => `/cases/person/${ids.bob}`],
  ])('%s: not found, the same answer as a missing one', async (_case, path) => {
    notFound(await portalApi(server, 'GET', path(), ann));
  });

  test('a reply to another contact’s case is not found and stores nothing', async () => {
    const before = await gqlData<{ messages: { totalCount: number } }>('{ messages { totalCount } }');
    notFound(await portalApi(server, 'POST', `/cases/ticket/${ids.bobTicket}/replies`, ann, { body: 'hi' }));
    const after = await gqlData<{ messages: { totalCount: number } }>('{ messages { totalCount } }');
    expect(after.messages.totalCount).toBe(before.messages.totalCount);
  });

  test.each([
    ['the contact relation', { title: 'x', contactId: () => ids.bob }, 'values.contactId'],
    ['a hidden field', { title: 'x', internalNote: () => 'y' }, 'values.internalNote'],
    ['a standard field', { title: 'x', ownerId: () => MISSING_ID }, 'values.ownerId'],
  ])('a new case setting %s is refused naming it', async (_case, raw, field) => {
    const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'function' ? v() : v]));
    const answer = await portalApi(server, 'POST', '/cases/ticket', ann, { values });
    expect(answer.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const bobs = await gqlData<{ tickets: { totalCount: number } }>(
      'query($bob: ID!) { tickets(filter: { contactId: { eq: $bob } }) { totalCount } }',
      { bob: ids.bob },
    );
    expect(bobs.tickets.totalCount).toBe(1);
  });

  test.each([
    ['by filter on id', '{ tickets(filter: { id: { eq: "BOB" } }) { nodes { id } } }', false],
    ['by filter on the contact', '{ tickets(filter: { contactId: { eq: "BOBP" } }) { nodes { id } } }', false],
    [
      'by nested relation',
      '{ companies(first: 5) { nodes { people(first: 5) { nodes { tickets(first: 5) { nodes { id } } } } } } }',
      true,
    ],
    ['by the relation filter', '{ tickets(filter: { contact: { name: { eq: "Bob" } } }) { nodes { id } } }', false],
  ])('the portal token on /graphql %s sees none of Bob’s', async (_case, query, showsOwn) => {
    const result = await server.gql(
      query.replace('"BOBP"', `"${ids.bob}"`).replace('"BOB"', `"${ids.bobTicket}"`),
      {},
      ann,
    );
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).not.toContain(ids.bobTicket);
    // The same query reaches the contact's own ticket: it runs, and only the other one is cut.
    if (showsOwn) expect(JSON.stringify(result.data)).toContain(ids.annTicket);
  });

  test('messages and notes are not readable by the portal token on /graphql', async () => {
    for (const query of [
      `{ message(id: "${messages.annEmail}") { id } }`,
      `{ note(id: "${messages.annNote}") { id } }`,
      `{ linkedActivities(object: "ticket", id: "${ids.annTicket}") { id } }`,
    ]) {
      const result = await server.gql<Values>(query, {}, ann);
      expect(JSON.stringify(result.data ?? null)).not.toMatch(new RegExp(`${messages.annEmail}|${messages.annNote}`));
    }
  });

  test.each([
    ['the admin session', () => server.adminToken],
    ['an admin API key', () => server.apiKey],
    ['no token', () => null],
  ])('the portal API refuses %s as unauthenticated', async (_case, token) => {
    for (const [method, path] of [
      ['GET', '/me'],
      ['GET', '/cases'],
      ['GET', `/cases/ticket/${ids.annTicket}`],
      ['POST', `/cases/ticket/${ids.annTicket}/replies`],
    ] as const) {
      const answer = await portalApi(server, method, path, token(), method === 'POST' ? { body: 'x' } : undefined);
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
    }
  });

  test('the portal token is refused on member endpoints', async () => {
    expect((await server.metadataGql('{ portalSettings { enabled } }', {}, ann)).status).toBe(401);
    const profile = await fetch(`${server.url}/auth/profile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ann' }),
    });
    expect(profile.status).toBe(401);
  });

  test('with the portal switched off, its API answers not found', async () => {
    await server.metadataGql(
      'mutation { updatePortalSettings(input: { enabled: false, contactObject: "person", objects: [] }) { enabled } }',
    );
    notFound(await portalApi(server, 'GET', '/cases', ann));
    const reopened = await server.metadataGql(
      'mutation($input: PortalSettingsInput!) { updatePortalSettings(input: $input) { enabled } }',
      { input: PORTAL_SETTINGS },
    );
    expect(reopened.errors).toBeUndefined();
  });
});
