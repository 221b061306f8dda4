import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  dataOf,
  type InboundSetup,
  messageById,
  metadataOf,
  postSms,
  setUpInboundEmail,
  setUpInboundSms,
  targetsOf,
} from './message-support';

let server: TestServer;
let setup: InboundSetup;
let ann: string;
let sequence = 0;

/** A received text as the provider posts it, with a provider id of its own. */
const text = (from: string, body: string) => ({ id: `prov-${++sequence}`, from, to: '+15550001111', body });

const create = async (object: 'person' | 'case', data: Record<string, unknown>) => {
  const type = object === 'person' ? 'Person' : 'Case';
  const result = await dataOf<Record<string, { id: string }>>(
    server,
    `mutation($d: ${type}CreateInput!) { create${type}(data: $d) { id } }`,
    { d: data },
  );
  return result[`create${type}`]!.id;
};

beforeAll(async () => {
  server = await startTestServer({ workspace: 'texts', activities: true });
  await setUpInboundEmail(server);
  setup = await setUpInboundSms(server, 'person');
  // Stored as people write numbers: matched in E.164.
  ann = await create('person', { name: 'Ann Lee', email: 'ann@example.com', phone: '+1 (555) 010-2000' });
});
afterAll(() => server?.close());

describe('inbound SMS webhook', () => {
  test('the admin sees the address and the matching; the secret is shown once', async () => {
    const { inboundSms } = await metadataOf<{ inboundSms: Record<string, unknown> }>(
      server,
      '{ inboundSms { path hasSecret unknownSender phoneFieldId } }',
    );
    expect(inboundSms).toMatchObject({
      path: `/hooks/sms/${server.workspace.id}`,
      hasSecret: true,
      unknownSender: 'KEEP_UNLINKED',
    });
    expect(JSON.stringify(inboundSms)).not.toContain(setup.secret);
  });

  test("a text from a known number is an inbound SMS on the contact's timeline, unanswered", async () => {
    const sms = text('+15550102000', 'Is my order shipped?');
    const answer = await postSms(server, setup, sms);
    expect(answer.status).toBe(201);
    const message = await messageById(server, answer.body.messageId!);
    expect(message).toMatchObject({
      channel: 'SMS',
      direction: 'INBOUND',
      body: 'Is my order shipped?',
      fromAddress: '+15550102000',
      toAddress: '+15550001111',
      threadKey: 'sms:+15550102000',
      externalId: `sms:${sms.id}`,
      answeredAt: null,
    });
    expect(await targetsOf(server, message.id)).toEqual([`person:${ann}`]);
    const { messages } = await dataOf<{ messages: { edges: { node: { id: string } }[] } }>(
      server,
      '{ messages(filter: { direction: { eq: INBOUND }, answeredAt: { isNull: true }, channel: { eq: SMS } }) { edges { node { id } } } }',
    );
    expect(messages.edges.map((e) => e.node.id)).toContain(message.id);
  });

  test('the same text delivered again (new signature) is stored once', async () => {
    const sms = text('+15550102000', 'Hello?');
    const first = await postSms(server, setup, sms);
    const again = await postSms(server, setup, sms, { timestamp: (first.headers.timestamp ?? 0) - 10 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ messageId: first.body.messageId, duplicate: true });
  });

  test('a later text from the number is linked to what its conversation is linked to (the case)', async () => {
    const first = await postSms(server, setup, text('0015550102000', 'About the refund'));
    const kase = await create('case', { title: 'Refund' });
    await dataOf(
      server,
      'mutation($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { id } }',
      { a: { object: 'message', id: first.body.messageId }, t: [{ object: 'case', id: kase }] },
    );
    const later = await postSms(server, setup, text('+15550102000', 'Any news?'));
    expect(await targetsOf(server, later.body.messageId!)).toEqual([`case:${kase}`, `person:${ann}`].sort());
  });

  test('a text from an unknown number waits unlinked in the inbox', async () => {
    const answer = await postSms(server, setup, text('+447700900123', 'Wrong number?'));
    expect(answer.status).toBe(201);
    expect(await targetsOf(server, answer.body.messageId!)).toEqual([]);
    expect((await messageById(server, answer.body.messageId!)).answeredAt).toBeNull();
  });

  test('with CREATE_CONTACT an unknown number becomes a contact named by the number', async () => {
    await metadataOf(
      server,
      'mutation { updateInboundSms(input: { unknownSender: CREATE_CONTACT }) { unknownSender } }',
    );
    const answer = await postSms(server, setup, text('+33612345678', 'Bonjour'));
    const { people } = await dataOf<{ people: { edges: { node: { id: string; name: string } }[] } }>(
      server,
      '{ people(filter: { phone: { eq: "+33612345678" } }) { edges { node { id name } } } }',
    );
    expect(people.edges.map((e) => e.node.name)).toEqual(['+33612345678']);
    expect(await targetsOf(server, answer.body.messageId!)).toEqual([`person:${people.edges[0]!.node.id}`]);
    await metadataOf(
      server,
      'mutation { updateInboundSms(input: { unknownSender: KEEP_UNLINKED }) { unknownSender } }',
    );
  });

  test('settings naming a field that is no phone are refused, naming the field', async () => {
    const { object } = await metadataOf<{ object: { id: string; fields: { id: string; name: string }[] } }>(
      server,
      '{ object(name: "person") { id fields { id name type } } }',
    );
    const refused = await server.metadataGql(
      'mutation($i: InboundSmsInput!) { updateInboundSms(input: $i) { path } }',
      {
        i: { contactObjectId: object.id, phoneFieldId: object.fields.find((f) => f.name === 'email')!.id },
      },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phoneFieldId' });
  });
});

describe('inbound SMS webhook refusals', () => {
  test('an unsigned request is refused (401)', async () => {
    const answer = await postSms(server, setup, text('+15550102000', 'x'), { timestamp: null, signature: null });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
  });

  test('a request signed with another key (forged) is refused (401)', async () => {
    const answer = await postSms(server, setup, text('+15550102000', 'x'), { key: 'whsec_forged' });
    expect(answer.status).toBe(401);
  });

  test('a stale timestamp is refused (401)', async () => {
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect((await postSms(server, setup, text('+15550102000', 'x'), { timestamp: stale })).status).toBe(401);
  });

  test('a replayed signed request is refused (409) and stores nothing', async () => {
    const sms = text('+15550102000', 'once');
    const first = await postSms(server, setup, sms);
    expect(first.status).toBe(201);
    const replay = await postSms(server, setup, sms, {
      timestamp: first.headers.timestamp,
      signature: first.headers.signature,
    });
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatchObject({ code: 'CONFLICT', field: 'signature' });
  });

  test('another workspace id, an email secret, a form post or a bad number is refused', async () => {
    const sms = text('+15550102000', 'x');
    const elsewhere = await postSms(server, setup, sms, { path: '/hooks/sms/00000000-0000-4000-8000-000000000000' });
    expect(elsewhere.status).toBe(404);
    const form = await postSms(server, setup, sms, { contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    const bad = await postSms(server, setup, text('555 1234', 'x'));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body.from' });
  });

  // Last: it spends the workspace's allowance for the window.
  test('a flood of requests to one workspace is refused (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++)
      statuses.push((await postSms(server, setup, {}, { timestamp: null, signature: null })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 429 && s !== 401)).toEqual([]);
  });
});
