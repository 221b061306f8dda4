import { parseEmail } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
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

let smtp: SmtpCapture;
let server: TestServer;
let setup: InboundSetup;
let ann: string;
let agentToken: string;

const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id threadKey externalId answered } }';
interface Sent {
  sendMessage: { id: string; threadKey: string; externalId: string; answered: number };
}

/** The inbox as the studio asks for it: unanswered inbound messages, oldest first. */
const INBOX = `{ messages(filter: { direction: { eq: INBOUND }, answeredAt: { isNull: true } }, orderBy: [{ sentAt: AscNullsLast }]) {
  totalCount edges { node { ${MESSAGE_FIELDS} } } } }`;
const inbox = async (token?: string) =>
  (await dataOf<{ messages: { totalCount: number; edges: { node: MessageRow }[] } }>(server, INBOX, {}, token))
    .messages;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startTestServer({ workspace: 'outbox', activities: true, worker: true, smtpUrl: smtp.url });
  setup = await setUpInboundEmail(server);
  const { createPerson } = await dataOf<{ createPerson: { id: string } }>(
    server,
    'mutation { createPerson(data: { name: "Ann Lee", email: "ann.lee@example.com" }) { id } }',
  );
  ann = createPerson.id;
  // An agent who reads only messages of the EMAIL channel: SMS and portal ones are hidden from her.
  for (const mutation of [
    'mutation { createRole(input: { name: "agent", label: "Agent" }) { applied } }',
    'mutation { setObjectPermission(role: "agent", object: "message", input: { canRead: true, canCreate: true, canUpdate: true, recordScope: CONDITION, recordCondition: { channel: { eq: "EMAIL" } } }) { applied } }',
    'mutation { setObjectPermission(role: "agent", object: "person", input: { canRead: true }) { applied } }',
  ])
    await metadataOf(server, mutation);
  await createUser(server.database.opened.db, {
    workspace: 'outbox',
    email: 'agent@outbox.test',
    password: 'correct horse battery staple',
    role: 'agent',
  });
  agentToken = (await server.signIn('agent@outbox.test', 'correct horse battery staple')).body.token as string;
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

describe('outbound email and the inbox', () => {
  test('a reply is mailed with In-Reply-To/References, threaded, and answers the thread', async () => {
    const inbound = await postEmail(server, setup, emailFixture('multipart-alternative.eml'));
    const first = inbound.body.messageId!;
    expect((await inbox()).edges.map((e) => e.node.id)).toEqual([first]);

    const { sendMessage } = await dataOf<Sent>(server, SEND, {
      i: { channel: 'EMAIL', replyTo: first, body: '<p>We fixed the <b>address</b>.</p><script>x()</script>' },
    });
    expect(sendMessage).toMatchObject({ threadKey: 'CAF7n1-first@mail.example.com', answered: 1 });
    expect(sendMessage.externalId).toMatch(/^[0-9a-f-]{36}@tests\.local$/);

    const mailed = await smtp.next('ann.lee@example.com');
    const parsed = await parseEmail(Buffer.from(mailed.raw));
    expect(parsed).toMatchObject({
      messageId: sendMessage.externalId,
      subject: 'Re: Invoice 2231 shows the wrong address',
      replyTo: ['CAF7n1-first@mail.example.com'],
    });
    expect(mailed.raw).toMatch(/^In-Reply-To: <CAF7n1-first@mail\.example\.com>/m);
    expect(parsed.html).toBe('<p>We fixed the <b>address</b>.</p>');
    expect(mailed.raw).toContain('We fixed the address.');

    const reply = await messageById(server, sendMessage.id);
    expect(reply).toMatchObject({ direction: 'OUTBOUND', channel: 'EMAIL', toAddress: 'ann.lee@example.com' });
    expect(await targetsOf(server, sendMessage.id)).toEqual([`person:${ann}`]);
    expect((await messageById(server, first)).answeredAt).not.toBeNull();
    expect((await inbox()).totalCount).toBe(0);
  });

  test("the contact's answer to our mail joins the thread and is unanswered again", async () => {
    const { messages } = await dataOf<{ messages: { edges: { node: MessageRow }[] } }>(
      server,
      `{ messages(filter: { direction: { eq: OUTBOUND } }) { edges { node { ${MESSAGE_FIELDS} } } } }`,
    );
    const ours = messages.edges[0]!.node;
    const raw = Buffer.from(
      [
        'From: Ann Lee <ann.lee@example.com>',
        'To: support@acme.test',
        'Subject: Re: Invoice 2231 shows the wrong address',
        'Message-ID: <CAF7n1-third@mail.example.com>',
        `In-Reply-To: <${ours.externalId}>`,
        `References: <CAF7n1-first@mail.example.com> <${ours.externalId}>`,
        'Content-Type: text/plain; charset=UTF-8',
        '',
        'Perfect, thank you.',
        '',
      ].join('\r\n'),
    );
    const answer = await postEmail(server, setup, raw);
    const third = await messageById(server, answer.body.messageId!);
    expect(third).toMatchObject({ threadKey: 'CAF7n1-first@mail.example.com', answeredAt: null });
    expect((await inbox()).edges.map((e) => e.node.id)).toEqual([third.id]);
  });

  test('a new email from the timeline starts its own thread on the given record', async () => {
    const { sendMessage } = await dataOf<Sent>(server, SEND, {
      i: {
        channel: 'EMAIL',
        to: 'Ann Lee <Ann.Lee@example.com>',
        subject: 'Your renewal',
        body: '<p>Hello Ann</p>',
        targets: [{ object: 'person', id: ann }],
      },
    });
    expect(sendMessage.threadKey).toBe(sendMessage.externalId);
    expect(sendMessage.answered).toBe(0);
    const mailed = await smtp.next('ann.lee@example.com');
    expect(mailed.subject).toBe('Your renewal');
    expect(mailed.raw).not.toMatch(/^In-Reply-To:/m);
    expect(await targetsOf(server, sendMessage.id)).toEqual([`person:${ann}`]);
  });

  test('bad input names its field', async () => {
    const refused = await server.gql(SEND, { i: { channel: 'EMAIL', to: 'not an address', body: '<p>x</p>' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
    const sms = await server.gql(SEND, { i: { channel: 'SMS', to: '0612', body: 'x' } });
    expect(sms.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
  });

  test('a portal reply is stored for the portal, mails nothing, and answers the thread', async () => {
    const { createMessage } = await dataOf<{ createMessage: { id: string } }>(
      server,
      'mutation { createMessage(data: { channel: PORTAL, direction: INBOUND, subject: "Where is my order?", threadKey: "portal-thread-1", externalId: "portal-thread-1", sentAt: "2026-12-01T00:00:00Z" }) { id } }',
    );
    const before = smtp.received.length;
    const { sendMessage } = await dataOf<Sent>(server, SEND, {
      i: { channel: 'PORTAL', replyTo: createMessage.id, body: '<p>It ships today.</p>' },
    });
    expect(sendMessage).toMatchObject({ threadKey: 'portal-thread-1', answered: 1 });
    expect((await messageById(server, sendMessage.id)).channel).toBe('PORTAL');
    expect(smtp.received.length).toBe(before);
  });
});

describe('web form submissions', () => {
  test('a submission is a WEB_FORM message on the created record and waits in the inbox', async () => {
    await metadataOf(
      server,
      'mutation { createRole(input: { name: "web", label: "Web", defaultAccess: NONE }) { applied } }',
    );
    await metadataOf(
      server,
      'mutation { setObjectPermission(role: "web", object: "person", input: { canCreate: true }) { applied } }',
    );
    const { createForm } = await metadataOf<{ createForm: { id: string } }>(
      server,
      'mutation($i: CreateFormInput!) { createForm(input: $i) { id } }',
      {
        i: {
          name: 'Contact us',
          title: 'Contact us',
          object: 'person',
          role: 'web',
          fields: [
            { field: 'name', required: true },
            { field: 'email', label: 'Your email', required: true },
          ],
        },
      },
    );
    const response = await fetch(`${server.url}/forms/${createForm.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: 'Zoé <b>Martin</b>', email: 'zoe@example.com' }),
    });
    expect(response.status).toBe(201);
    const { people } = await dataOf<{ people: { edges: { node: { id: string } }[] } }>(
      server,
      '{ people(filter: { email: { eq: "zoe@example.com" } }) { edges { node { id } } } }',
    );
    const zoe = people.edges[0]!.node.id;
    const waiting = (await inbox()).edges.map((e) => e.node).filter((m) => m.channel === 'WEB_FORM');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({
      direction: 'INBOUND',
      subject: 'Form: Contact us',
      fromAddress: 'zoe@example.com',
    });
    expect(waiting[0]!.body).toBe(
      '<ul><li><strong>name</strong>: Zoé &lt;b&gt;Martin&lt;/b&gt;</li><li><strong>Your email</strong>: zoe@example.com</li></ul>',
    );
    expect(await targetsOf(server, waiting[0]!.id)).toEqual([`person:${zoe}`]);
  });
});

describe('the inbox under a role that reads only email messages', () => {
  test('the agent lists only the messages her role reads (SMS hidden, and its count)', async () => {
    await dataOf(
      server,
      'mutation { createMessage(data: { channel: SMS, direction: INBOUND, body: "<p>call me</p>", fromAddress: "+33612345678", threadKey: "sms-1", sentAt: "2026-11-01T00:00:00Z" }) { id } }',
    );
    const admin = await inbox();
    expect(admin.edges.map((e) => e.node.channel).sort()).toEqual(['EMAIL', 'SMS', 'WEB_FORM']);
    const agent = await inbox(agentToken);
    expect(agent.totalCount).toBe(1);
    expect(agent.edges.map((e) => e.node.channel)).toEqual(['EMAIL']);
  });

  test('the agent cannot answer (nor learn of) a message her role hides', async () => {
    const sms = (await inbox()).edges.find((e) => e.node.channel === 'SMS')!.node;
    const refused = await server.gql(
      SEND,
      { i: { channel: 'EMAIL', to: 'x@example.com', replyTo: sms.id, body: '<p>hi</p>' } },
      agentToken,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.replyTo' });
    expect((await messageById(server, sms.id)).answeredAt).toBeNull();
  });
});
