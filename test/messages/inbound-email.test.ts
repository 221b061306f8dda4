import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  dataOf,
  emailFixture,
  type InboundSetup,
  MESSAGE_FIELDS,
  type MessageRow,
  messageById,
  metadataOf,
  postEmail,
  setUpInboundEmail,
  targetsOf,
} from './message-support';

let server: TestServer;
let setup: InboundSetup;
let ann: string;

const create = async (object: string, data: Record<string, unknown>) => {
  const name = `create${object[0]!.toUpperCase()}${object.slice(1)}`;
  const result = await dataOf<Record<string, { id: string }>>(
    server,
    `mutation($d: ${object[0]!.toUpperCase()}${object.slice(1)}CreateInput!) { ${name}(data: $d) { id } }`,
    { d: data },
  );
  return result[name]!.id;
};

const messagesWith = async (externalId: string) =>
  (
    await dataOf<{ messages: { edges: { node: MessageRow }[] } }>(
      server,
      `query($e: String!) { messages(filter: { externalId: { eq: $e } }) { edges { node { ${MESSAGE_FIELDS} } } } }`,
      { e: externalId },
    )
  ).messages.edges.map((e) => e.node);

beforeAll(async () => {
  server = await startTestServer({ workspace: 'mail', activities: true });
  setup = await setUpInboundEmail(server);
  ann = await create('person', { name: 'Ann Lee', email: 'ann.lee@example.com' });
});
afterAll(() => server?.close());

describe('inbound email webhook', () => {
  test('the admin sees the address and the matching; the secret is shown once', async () => {
    const { inboundEmail } = await metadataOf<{ inboundEmail: Record<string, unknown> }>(
      server,
      '{ inboundEmail { path hasSecret unknownSender contactObjectId emailFieldId } }',
    );
    expect(inboundEmail).toMatchObject({
      path: `/hooks/email/${server.workspace.id}`,
      hasSecret: true,
      unknownSender: 'KEEP_UNLINKED',
    });
    expect(JSON.stringify(inboundEmail)).not.toContain(setup.secret);
  });

  let firstTimestamp = 0;

  test('a multipart email from a known contact becomes an inbound message on her timeline', async () => {
    const answer = await postEmail(server, setup, emailFixture('multipart-alternative.eml'));
    firstTimestamp = answer.headers.timestamp!;
    expect(answer.status).toBe(201);
    const message = await messageById(server, answer.body.messageId!);
    expect(message).toMatchObject({
      channel: 'EMAIL',
      direction: 'INBOUND',
      subject: 'Invoice 2231 shows the wrong address',
      fromAddress: 'Ann Lee <ann.lee@example.com>',
      toAddress: 'support@acme.test',
      externalId: 'CAF7n1-first@mail.example.com',
      threadKey: 'CAF7n1-first@mail.example.com',
      answeredAt: null,
    });
    expect(message.body).toContain('<b>2231</b>');
    expect(message.body).not.toMatch(/script|onclick|<img/);
    expect(await targetsOf(server, message.id)).toEqual([`person:${ann}`]);
  });

  test('the same email delivered again (new signature) is stored once', async () => {
    // Signed at another second than the first delivery: within one second the signature is the same
    // and is refused as a replay, which is a different case (tested below).
    const again = await postEmail(server, setup, emailFixture('multipart-alternative.eml'), {
      timestamp: firstTimestamp - 1,
    });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(await messagesWith('CAF7n1-first@mail.example.com')).toHaveLength(1);
  });

  test('a reply joins the thread of the message it answers and its records (the case)', async () => {
    const [first] = await messagesWith('CAF7n1-first@mail.example.com');
    const caseId = await create('case', { title: 'Wrong invoice address' });
    await dataOf(
      server,
      'mutation($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { id } }',
      {
        a: { object: 'message', id: first!.id },
        t: [{ object: 'case', id: caseId }],
      },
    );
    // Our answer, as the outbound composer stores it: in the thread, with its own Message-ID.
    await create('message', {
      channel: 'EMAIL',
      direction: 'OUTBOUND',
      subject: 'Re: Invoice 2231 shows the wrong address',
      threadKey: first!.threadKey,
      externalId: 'reply-from-acme@acme.test',
    });
    const answer = await postEmail(server, setup, emailFixture('gmail-reply.eml'));
    expect(answer.status).toBe(201);
    const reply = await messageById(server, answer.body.messageId!);
    expect(reply.threadKey).toBe('CAF7n1-first@mail.example.com');
    expect(reply.body).toBe('Thanks, the new one is right.<br />');
    expect(reply.quotedBody).toContain('We changed the address on invoice 2231.');
    expect(await targetsOf(server, reply.id)).toEqual([`case:${caseId}`, `person:${ann}`].sort());
  });

  test('attachments are described in the message (name, type, size)', async () => {
    const answer = await postEmail(server, setup, emailFixture('attachments.eml'));
    const message = await messageById(server, answer.body.messageId!);
    expect(message.attachments).toEqual([
      { name: 'order-form.pdf', type: 'application/pdf', size: 900 },
      { name: 'quantities.csv', type: 'text/csv', size: 20 },
    ]);
  });

  test('an unknown sender stays unlinked (in the inbox) by default', async () => {
    const answer = await postEmail(server, setup, emailFixture('iso-8859-1-quoted.eml'));
    const message = await messageById(server, answer.body.messageId!);
    expect(message.subject).toBe('Réglement de la facture');
    expect(message.body).toBe('<p>Bonjour,</p><p>la facture a été réglée hier; merci de vérifier.</p>');
    expect(await targetsOf(server, message.id)).toEqual([]);
  });

  test('with CREATE_CONTACT an unknown sender becomes a contact, named from the From header', async () => {
    await metadataOf(
      server,
      'mutation { updateInboundEmail(input: { unknownSender: CREATE_CONTACT }) { unknownSender } }',
    );
    const answer = await postEmail(server, setup, emailFixture('shift-jis.eml'));
    const message = await messageById(server, answer.body.messageId!);
    expect(message.subject).toBe('配送について');
    const { people } = await dataOf<{ people: { edges: { node: { id: string; name: string } }[] } }>(
      server,
      '{ people(filter: { email: { eq: "taro@example.jp" } }) { edges { node { id name } } } }',
    );
    expect(people.edges.map((e) => e.node.name)).toEqual(['山田太郎']);
    expect(await targetsOf(server, message.id)).toEqual([`person:${people.edges[0]!.node.id}`]);
    const cp1252 = await postEmail(server, setup, emailFixture('windows-1252.eml'));
    expect((await messageById(server, cp1252.body.messageId!)).subject).toBe('“Quote” – price in €');
  });

  test('settings naming a field of another object are refused, naming the field', async () => {
    const { object } = await metadataOf<{ object: { id: string; fields: { id: string; name: string }[] } }>(
      server,
      '{ object(name: "case") { id fields { id name } } }',
    );
    const { object: person } = await metadataOf<{ object: { id: string } }>(
      server,
      '{ object(name: "person") { id } }',
    );
    const refused = await server.metadataGql(
      'mutation($i: InboundEmailInput!) { updateInboundEmail(input: $i) { path } }',
      {
        i: { contactObjectId: person.id, emailFieldId: object.fields.find((f) => f.name === 'title')!.id },
      },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.emailFieldId' });
  });
});

describe('inbound email webhook refusals', () => {
  const raw = () => emailFixture('windows-1252.eml');

  test('an unsigned request is refused (401)', async () => {
    const answer = await postEmail(server, setup, raw(), { timestamp: null, signature: null });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
  });

  test('a request signed with another key (forged) is refused (401)', async () => {
    const answer = await postEmail(server, setup, raw(), { key: 'whsec_forged' });
    expect(answer.status).toBe(401);
  });

  test('a stale timestamp is refused (401)', async () => {
    const answer = await postEmail(server, setup, raw(), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(answer.status).toBe(401);
  });

  test('a replayed signed request is refused (409), even for a new email', async () => {
    const body = emailFixture('multipart-alternative.eml');
    const first = await postEmail(server, setup, body);
    const replay = await postEmail(server, setup, body, {
      timestamp: first.headers.timestamp,
      signature: first.headers.signature,
    });
    expect(replay.status).toBe(409);
    expect(replay.body.error?.code).toBe('CONFLICT');
  });

  test('another workspace id, or JSON instead of an email, is refused', async () => {
    const elsewhere = await postEmail(server, setup, raw(), {
      path: '/hooks/email/00000000-0000-4000-8000-000000000000',
    });
    expect(elsewhere.status).toBe(404);
    const json = await postEmail(server, setup, raw(), { contentType: 'application/json' });
    expect(json.status).toBe(400);
  });
});

describe('inbound email webhook limits', () => {
  test('an email over the size cap is refused (413) before it is read', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const answer = await postEmail(server, setup, huge, { timestamp: null, signature: null });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('LIMIT_EXCEEDED');
  });

  // Last: it spends the workspace's allowance for the window.
  test('a flood of requests to one workspace is refused (429) with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++)
      statuses.push((await postEmail(server, setup, Buffer.from('x'), { timestamp: null, signature: null })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 429 && s !== 401)).toEqual([]);
  });
});
