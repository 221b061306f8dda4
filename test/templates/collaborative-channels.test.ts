import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  dataOf,
  type InboundSetup,
  messageById,
  metadataOf,
  postEmail,
  postSms,
  targetsOf,
} from '../messages/message-support';
import { portalApi, portalSignIn } from '../security/portal-fixture';
import { startTestServer, type TestServer } from '../support/test-server';
import { until } from '../workflows/workflow-trigger-support';
import { inbox, one, timeline } from './collaborative-fixture';
import { installCollaborative } from './collaborative-support';

/**
 * The collaborative template's channels beyond its seed (issue 15): a returning web-form visitor
 * is the contact they were (contact.email is unique whatever its case), inbound SMS reach the
 * contact's timeline through the SMS webhook, and an SMS a workflow sends through the sms-sender
 * plugin lands on the timeline too. On the seed: the contact-us form, a portal user's own cases,
 * and the case workflows (the rest of the seed's story: collaborative.test.ts).
 */
let server: TestServer;
let provider: Server;
const texts: unknown[] = [];
const SMS_HOST = 'api.sms.example.com';

interface Contact {
  id: string;
  name: string;
  email: string;
  phone: string | null;
}
const contactsWith = async (filter: string) =>
  (
    await dataOf<{ contacts: { edges: { node: Contact }[] } }>(
      server,
      `{ contacts(filter: ${filter}) { edges { node { id name email phone } } } }`,
    )
  ).contacts.edges.map((e) => e.node);

/** The channels of the messages linked to a record, oldest first. */
async function messagesOn(object: string, id: string): Promise<{ id: string; channel: string; direction: string }[]> {
  const { linkedActivities } = await dataOf<{ linkedActivities: { object: string; id: string }[] }>(
    server,
    'query($o: String!, $id: ID!) { linkedActivities(object: $o, id: $id) { object id } }',
    { o: object, id },
  );
  const found = [];
  for (const activity of linkedActivities.filter((a) => a.object === 'message')) {
    const message = await messageById(server, activity.id);
    found.push({ id: message.id, channel: message.channel, direction: message.direction });
  }
  return found;
}

const submitContactUs = async (values: Record<string, string>) => {
  const { forms } = await metadataOf<{ forms: { id: string; name: string }[] }>(server, '{ forms { id name } }');
  const form = forms.find((f) => f.name === 'Contact us')!;
  const response = await fetch(`${server.url}/forms/${form.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(values),
  });
  expect(response.status).toBeLessThan(300);
};

beforeAll(async () => {
  provider = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      texts.push(JSON.parse(body));
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `out-${texts.length}` }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const providerPort = (provider.address() as AddressInfo).port;
  server = await startTestServer({
    workspace: 'collabchannels',
    activities: true,
    worker: true,
    outbound: {
      allowLoopbackPorts: [providerPort],
      resolve: async (host) =>
        host === SMS_HOST ? ['127.0.0.1'] : (await lookup(host, { all: true })).map((it) => it.address),
    },
  });
  await installCollaborative(server);
  await metadataOf(server, 'mutation($s: JSON!) { configurePlugin(name: "sms-sender", settings: $s) { name } }', {
    s: { baseUrl: `http://${SMS_HOST}:${providerPort}`, from: '+15550001111', apiKey: 'sk-channels' },
  });
});
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('the collaborative template: one contact per email', () => {
  test('a contact whose email differs only in case from another is refused, naming the field', async () => {
    const refused = await server.gql(
      'mutation { createContact(data: { name: "Ann again", email: "ANN.Lee@Northwind.example" }) { id } }',
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  test('a returning web-form visitor is the same contact: a second enquiry and case on it, nothing overwritten', async () => {
    await submitContactUs({ name: 'Lena Berg', email: 'lena@berg.example', enquiry: 'Do you ship to Norway?' });
    await submitContactUs({
      name: 'Somebody Else',
      email: 'Lena@Berg.example',
      phone: '+47 912 34 567',
      enquiry: 'And to Sweden?',
    });
    const [lena, ...others] = await contactsWith('{ email: { ilike: "lena@berg.example" } }');
    expect(others).toEqual([]);
    // Her name stays hers; the phone she had not given is filled in.
    expect(lena).toMatchObject({ name: 'Lena Berg', email: 'lena@berg.example', phone: '+47 912 34 567' });
    expect((await messagesOn('contact', lena!.id)).map((m) => m.channel)).toEqual(['WEB_FORM', 'WEB_FORM']);
    const cases = await until('both enquiries to open a case', async () => {
      const { cases } = await dataOf<{
        cases: { edges: { node: { description: string; contact: { id: string } } }[] };
      }>(server, '{ cases(filter: { origin: { eq: WEB_FORM } }) { edges { node { description contact { id } } } } }');
      const hers = cases.edges.map((e) => e.node).filter((c) => c.contact?.id === lena!.id);
      return hers.length === 2 ? hers : undefined;
    });
    expect(cases.map((c) => c.description).sort()).toEqual(['And to Sweden?', 'Do you ship to Norway?']);
  });

  test('an email from a returning address in other case threads onto that contact, not a new one', async () => {
    const { rotateInboundEmailSecret: hook } = await metadataOf<{
      rotateInboundEmailSecret: { secret: string; inboundEmail: { path: string } };
    }>(server, 'mutation { rotateInboundEmailSecret { secret inboundEmail { path } } }');
    const raw = Buffer.from(
      [
        'From: Lena Berg <LENA@BERG.example>',
        'To: support@collab.example',
        'Subject: Norway again',
        'Message-ID: <lena-1@berg.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Any news?',
        '',
      ].join('\r\n'),
    );
    const answer = await postEmail(server, { path: hook.inboundEmail.path, secret: hook.secret }, raw);
    expect(answer.status).toBe(201);
    const [lena, ...others] = await contactsWith('{ email: { ilike: "lena@berg.example" } }');
    expect(others).toEqual([]);
    expect(await targetsOf(server, answer.body.messageId!)).toEqual([`contact:${lena!.id}`]);
  });
});

describe('the collaborative template: SMS', () => {
  let sms: InboundSetup;
  beforeAll(async () => {
    const { rotateInboundSmsSecret } = await metadataOf<{
      rotateInboundSmsSecret: { secret: string; inboundSms: { path: string } };
    }>(server, 'mutation { rotateInboundSmsSecret { secret inboundSms { path } } }');
    sms = { path: rotateInboundSmsSecret.inboundSms.path, secret: rotateInboundSmsSecret.secret };
  });

  test("a text from a seeded contact's number lands on her timeline and in the inbox", async () => {
    const answer = await postSms(server, sms, {
      id: 'in-1',
      from: '+1 555 010 2001',
      to: '+15550001111',
      body: 'Running late',
    });
    expect(answer.status).toBe(201);
    const [maria] = await contactsWith('{ email: { eq: "maria.gomez@bluebird.example" } }');
    expect(await targetsOf(server, answer.body.messageId!)).toContain(`contact:${maria!.id}`);
    expect(await messageById(server, answer.body.messageId!)).toMatchObject({
      channel: 'SMS',
      direction: 'INBOUND',
      fromAddress: '+15550102001',
      answeredAt: null,
    });
  });

  test('a text from an unknown number waits unlinked in the inbox (the template keeps unknown numbers unlinked)', async () => {
    const answer = await postSms(server, sms, { id: 'in-2', from: '+15559990000', body: 'Who is this?' });
    expect(answer.status).toBe(201);
    expect(await targetsOf(server, answer.body.messageId!)).toEqual([]);
  });

  test("an SMS a workflow sends through the sms-sender plugin is an outbound message on the contact's timeline", async () => {
    const definition = {
      trigger: { type: 'RECORD_CREATED', object: 'contact' },
      steps: [
        {
          key: 'welcome',
          type: 'plugin:sms-sender.send',
          settings: { to: '{{ record.phone }}', body: 'Welcome, {{ record.name }}!' },
        },
      ],
    };
    const { createWorkflow } = await metadataOf<{ createWorkflow: { id: string } }>(
      server,
      'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
      { i: { name: 'Welcome by SMS', definition } },
    );
    await metadataOf(server, 'mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
    const { createContact } = await dataOf<{ createContact: { id: string } }>(
      server,
      'mutation { createContact(data: { name: "Ola Nordmann", email: "ola@nordmann.example", phone: "+4740000001" }) { id } }',
    );
    const sent = await until('the workflow to text Ola', async () => {
      const found = await messagesOn('contact', createContact.id);
      return found.find((m) => m.channel === 'SMS');
    });
    expect(await messageById(server, sent.id)).toMatchObject({
      channel: 'SMS',
      direction: 'OUTBOUND',
      body: 'Welcome, Ola Nordmann!',
      toAddress: '+4740000001',
      threadKey: 'sms:+4740000001',
    });
    expect(texts).toContainEqual({ from: '+15550001111', to: '+4740000001', body: 'Welcome, Ola Nordmann!' });
    expect((await messageById(server, sent.id)).externalId).toMatch(/^sms:out-\d+$/);
    expect(await targetsOf(server, sent.id)).toEqual([`contact:${createContact.id}`]);
  });
});

describe('the collaborative template: web form, portal and case workflows on the seed', () => {
  test("the contact-us form lands as a WEB_FORM message on the new contact's timeline, and opens a case", async () => {
    const { forms } = await metadataOf<{ forms: { id: string; name: string }[] }>(server, '{ forms { id name } }');
    const form = forms.find((f) => f.name === 'Contact us')!;
    const response = await fetch(`${server.url}/forms/${form.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: 'Zoe Hart', email: 'zoe@hart.example', enquiry: 'Do you integrate with our POS?' }),
    });
    expect(response.status).toBeLessThan(300);
    const zoe = await one(server, 'contact', '{ email: { eq: "zoe@hart.example" } }');
    expect((await timeline(server, 'contact', zoe.id)).map((item) => item.label)).toEqual(['message:WEB_FORM']);
    const opened = await until('the web-enquiry workflow to open a case', async () => {
      const { cases } = await dataOf<{ cases: { edges: { node: Record<string, unknown> }[] } }>(
        server,
        '{ cases(filter: { origin: { eq: WEB_FORM }, status: { eq: NEW } }) { edges { node { subject description contact { id } } } } }',
      );
      return cases.edges.map((e) => e.node).find((c) => c.subject === 'Web enquiry from zoe@hart.example');
    });
    expect(opened).toEqual({
      subject: 'Web enquiry from zoe@hart.example',
      description: 'Do you integrate with our POS?',
      contact: { id: zoe.id },
    });
    expect((await inbox(server)).map((m) => m.fromAddress)).toContain('zoe@hart.example');
  });

  test('the portal user of a seeded contact sees only their own cases and their conversation', async () => {
    const nina = await one(server, 'contact', '{ email: { eq: "nina.rossi@lumen.example" } }');
    const created = await metadataOf<{ createPortalUser: { password: string } }>(
      server,
      'mutation($i: CreatePortalUserInput!) { createPortalUser(input: $i) { password } }',
      { i: { email: 'nina.rossi@lumen.example', object: 'contact', recordId: nina.id } },
    );
    const token = await portalSignIn(
      server,
      'nina.rossi@lumen.example',
      created.createPortalUser.password,
      server.workspace.slug,
    );
    const listed = await portalApi(server, 'GET', '/cases', token);
    const cases = listed.body.cases as { id: string; title: string; object: string }[];
    expect(cases.map((c) => c.title)).toEqual(['Change of delivery address']);
    const opened = await portalApi(server, 'GET', `/cases/case/${cases[0]!.id}`, token);
    expect(
      (opened.body.messages as { channel: string; direction: string }[]).map((m) => `${m.channel} ${m.direction}`),
    ).toEqual(['PORTAL INBOUND', 'PORTAL OUTBOUND']);
    const other = await one(server, 'case', '{ subject: { eq: "Portal access for the purchasing team" } }');
    expect((await portalApi(server, 'GET', `/cases/case/${other.id}`, token)).status).toBe(404);
  });

  test('solving a case stamps when it was solved', async () => {
    const access = await one(
      server,
      'case',
      '{ subject: { eq: "Portal access for the purchasing team" } }',
      'id solvedAt',
    );
    expect(access.solvedAt).toBeNull();
    await dataOf(server, 'mutation($id: ID!) { updateCase(id: $id, data: { status: SOLVED }) { id } }', {
      id: access.id,
    });
    const solved = await until('the solved time', async () => {
      const { case: found } = await dataOf<{ case: { solvedAt: string | null } }>(
        server,
        'query($id: ID!) { case(id: $id) { solvedAt } }',
        { id: access.id },
      );
      return found.solvedAt;
    });
    expect(Date.parse(solved)).not.toBeNaN();
  });
});
