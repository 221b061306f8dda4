import {
  ACTIVITY_TARGETS_TABLE,
  createWorkspaceBundleService,
  isRelataError,
  linkSeedActivities,
  loadSnapshot,
  parseEmail,
  qualify,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dataOf, metadataOf, targetsOf } from '../messages/message-support';
import type { TestServer } from '../support/test-server';
import { until } from '../workflows/workflow-trigger-support';
import {
  type CollaborativeServer,
  inbox,
  messageByExternalId,
  one,
  receiveEmail,
  SMS_HOST,
  startCollaborative,
  timeline,
} from './collaborative-fixture';
import { templateBundle } from './collaborative-support';

/**
 * The collaborative template on its own seed data: it installs (twice = no change), a contact's
 * timeline holds every channel in time order, inbound email threads onto the right contact and
 * case, an agent's reply is mailed and lands on the timeline, the inbox lists the seeded
 * interactions nobody answered, and the template's workflows follow up on them.
 * (The seed's generator: collaborative-seed.test.ts; the portal and more channels: collaborative-channels.test.ts.)
 */
let fx: CollaborativeServer;
let server: TestServer;
const HOUR = 3_600_000;

beforeAll(async () => {
  fx = await startCollaborative();
  server = fx.server;
});
afterAll(async () => {
  await fx?.close();
});

describe('the collaborative template', () => {
  test('installs with the template installer (bundle, plugin, seed); again changes nothing; its files are what export writes', async () => {
    const { installed, again } = fx.install;
    expect(installed.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(
      expect.arrayContaining(['create object contact', 'create portal settings', 'create inbound-email settings']),
    );
    expect(installed).toMatchObject({ applied: true, plugins: ['sms-sender 1.1.0'], seeded: 67 });
    expect(fx.install.linked).toBe(117);
    expect(again).toMatchObject({ applied: false, plugins: [], metadataVersion: installed.metadataVersion });
    const bundles = createWorkspaceBundleService({ db: server.database.opened.db });
    expect((await bundles.plan(server.workspace.id, templateBundle())).steps).toEqual([]);
    // The workspace's own settings and what the plugin brings (its object, its settings) are not the template's files.
    const exported = await bundles.exportWorkspace(server.workspace.id);
    const own = (path: string) =>
      !path.startsWith('settings/') && !path.startsWith('plugins/') && path !== 'objects/smsMessage.yaml';
    expect(exported.filter((f) => own(f.path))).toEqual(templateBundle());
    expect(exported.map((f) => f.path)).toEqual(expect.arrayContaining(['plugins/sms-sender.yaml']));
  });

  test('activity links name each record exactly once, or the load is refused naming the row and column', async () => {
    const db = server.database.opened.db;
    const snapshot = await loadSnapshot(db, server.workspace.id);
    const headers = ['activity', 'activityField', 'activityValue', 'target', 'targetField', 'targetValue'];
    const refusal = (rows: string[][], head = headers) =>
      db
        .transaction((tx) => linkSeedActivities(tx, snapshot, { headers: head, rows }))
        .then(
          () => null,
          (error: unknown) => (isRelataError(error) ? { code: error.code, field: error.details.field } : error),
        );
    const call = ['call', 'subject', 'Welcome call with Omar Haddad'];
    expect(await refusal([[...call, 'contact', 'email', 'nobody@harbor.example']])).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'rows[0].targetValue',
    });
    // Several contacts prefer email: that names no one contact.
    expect(await refusal([[...call, 'contact', 'preferredChannel', 'EMAIL']])).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'rows[0].targetValue',
    });
    expect(await refusal([[...call, 'company', 'ghost', 'x']])).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'rows[0].targetField',
    });
    expect(await refusal([[...call, 'contact', 'email']])).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'rows[0]',
    });
    expect(await refusal([[...call, 'contact', 'email', ' ']])).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'rows[0].targetValue',
    });
    expect(await refusal([], ['activity'])).toEqual({ code: 'BAD_USER_INPUT', field: 'headers' });
    // Loading the seed's links again links nothing new.
    const count = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from ${qualify(snapshot.schemaName, ACTIVITY_TARGETS_TABLE)}`,
        )
      ).rows[0]!.n;
    const before = await count();
    const table = { headers, rows: [[...call, 'contact', 'email', 'omar.haddad@harbor.example']] };
    await db.transaction((tx) => linkSeedActivities(tx, snapshot, table));
    expect(await count()).toBe(before);
  });

  test("a contact's timeline holds every channel, calls, meetings and notes, in time order", async () => {
    const ann = await one(server, 'contact', '{ email: { eq: "ann.lee@northwind.example" } }');
    expect((await timeline(server, 'contact', ann.id)).map((item) => item.label)).toEqual([
      'message:WEB_FORM',
      'message:EMAIL',
      'message:EMAIL',
      'message:EMAIL',
      'message:PORTAL',
      'message:PORTAL',
      'call',
      'message:SMS',
      'message:SMS',
      'message:SMS',
      'meeting',
      'message:EMAIL',
      'note',
    ]);
    // Her company's timeline gathers its people's: Raj's scanner calls are on it too.
    const northwind = await one(server, 'company', '{ name: { eq: "Northwind Traders" } }');
    const company = (await timeline(server, 'company', northwind.id)).map((item) => item.label);
    expect(company.filter((label) => label === 'call')).toHaveLength(3);
    expect(company).toHaveLength(13 + 2 + 2);
  });

  test("the interactions dashboard computes on the seed: every widget runs, the figures are the seed's", async () => {
    const { dashboards } = await dataOf<{
      dashboards: {
        name: string;
        widgets: { id: string; state: string; points: { label: string; value: number }[] }[];
      }[];
    }>(server, '{ dashboards { name widgets { id state points { label value } } } }');
    const widgets = dashboards.find((d) => d.name === 'interactions')!.widgets;
    expect(widgets.map((w) => `${w.id} ${w.state}`)).toEqual(
      [
        'unanswered',
        'days-to-answer',
        'open-cases',
        'by-channel',
        'messages-weekly',
        'calls-weekly',
        'meetings-weekly',
        'cases-by-status',
      ].map((id) => `${id} OK`),
    );
    const points = (id: string) => widgets.find((w) => w.id === id)!.points;
    expect(points('unanswered').map((p) => p.value)).toEqual([5]);
    // Ten answered inbound messages: nine the same day, one the next, one two days later.
    expect(points('days-to-answer').map((p) => p.value)).toEqual([0.3]);
    expect(points('open-cases').map((p) => p.value)).toEqual([8]);
    const byChannel = Object.fromEntries(points('by-channel').map((p) => [p.label, p.value]));
    expect(byChannel).toEqual({ Email: 13, SMS: 7, Portal: 5, 'Web form': 2 });
    expect(points('calls-weekly').reduce((sum, p) => sum + p.value, 0)).toBe(8);
  });

  test('the inbox lists the seeded interactions nobody answered, on every inbound channel', async () => {
    expect(await inbox(server)).toEqual([
      { externalId: 'seed-010@collab.example', channel: 'EMAIL', fromAddress: 'Ann Lee <ann.lee@northwind.example>' },
      { externalId: 'seed-027@collab.example', channel: 'WEB_FORM', fromAddress: 'emma.schulz@harbor.example' },
      { externalId: 'seed-015@collab.example', channel: 'SMS', fromAddress: '+15550102001' },
      { externalId: 'seed-021@collab.example', channel: 'PORTAL', fromAddress: 'sara.novak@kestrel.example' },
      { externalId: 'seed-026@collab.example', channel: 'SMS', fromAddress: '+15550105001' },
    ]);
  });

  test('an inbound MIME reply from a seeded contact threads onto her contact, company and case', async () => {
    const posted = await receiveEmail(
      server,
      [
        'From: Ann Lee <Ann.Lee@northwind.example>',
        'To: support@collab.example',
        'Subject: Re: Invoice shows the old billing address',
        'Message-ID: <ann-reply-1@northwind.example>',
        'In-Reply-To: <seed-004@collab.example>',
        'References: <seed-003@collab.example> <seed-004@collab.example>',
        'Date: Mon, 09 Nov 2026 16:00:00 +0000',
      ],
      'Here is the lease page again.\r\n\r\n> Could you upload a proof of the new address in the portal?',
    );
    expect(posted.status).toBe(201);
    expect(posted.body.threadKey).toBe('seed-003@collab.example');
    const ann = await one(server, 'contact', '{ email: { eq: "ann.lee@northwind.example" } }');
    const northwind = await one(server, 'company', '{ name: { eq: "Northwind Traders" } }');
    const invoice = await one(server, 'case', '{ subject: { eq: "Invoice shows the old billing address" } }');
    expect(await targetsOf(server, posted.body.messageId!)).toEqual(
      [`case:${invoice.id}`, `company:${northwind.id}`, `contact:${ann.id}`].sort(),
    );
    // No second contact was made for the differently cased address.
    const contacts = await dataOf<{ contacts: { totalCount: number } }>(server, '{ contacts { totalCount } }');
    expect(contacts.contacts.totalCount).toBe(10);
  });

  test("an agent's email reply goes out through the mail transport and lands on the contact's timeline", async () => {
    const waiting = await messageByExternalId(server, 'seed-010@collab.example');
    const { sendMessage } = await dataOf<{ sendMessage: { id: string; threadKey: string; answered: number } }>(
      server,
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id threadKey answered } }',
      { i: { channel: 'EMAIL', replyTo: waiting.id, body: '<p>Page 2 is fixed; the new invoice is attached.</p>' } },
    );
    expect(sendMessage.threadKey).toBe('seed-003@collab.example');
    const mailed = await parseEmail(Buffer.from((await fx.smtp.next('ann.lee@northwind.example')).raw));
    expect(mailed).toMatchObject({
      subject: 'Re: Invoice shows the old billing address',
      replyTo: expect.arrayContaining(['seed-010@collab.example']),
    });
    const ann = await one(server, 'contact', '{ email: { eq: "ann.lee@northwind.example" } }');
    const last = (await timeline(server, 'contact', ann.id)).filter((item) => item.label === 'message:EMAIL').at(-1);
    expect(last?.id).toBe(sendMessage.id);
    expect((await inbox(server)).map((m) => m.externalId)).not.toContain('seed-010@collab.example');
  });

  test('a customer reply on a solved case reopens it (the workflow finds the case the message is linked to)', async () => {
    const refund = await one(server, 'case', '{ subject: { eq: "Refund for a duplicate payment" } }', 'id status');
    expect(refund.status).toBe('SOLVED');
    // The case is the admin's: they are told when it reopens.
    const { rows } = await server.database.opened.db.query<{ id: string }>(
      'select id from relata.users where email = $1',
      [server.admin.email],
    );
    const adminId = rows[0]!.id;
    await dataOf(server, 'mutation($id: ID!, $o: ID) { updateCase(id: $id, data: { ownerId: $o }) { id } }', {
      id: refund.id,
      o: adminId,
    });
    const posted = await receiveEmail(
      server,
      [
        'From: Tom Becker <tom.becker@bluebird.example>',
        'To: support@collab.example',
        'Subject: Re: Refund for a duplicate payment',
        'Message-ID: <tom-reply-1@bluebird.example>',
        'In-Reply-To: <seed-019@collab.example>',
      ],
      'Sorry, the refund never arrived after all.',
    );
    expect(posted.status).toBe(201);
    await until('the reply to reopen the case', async () => {
      const { case: found } = await dataOf<{ case: { status: string } }>(
        server,
        'query($id: ID!) { case(id: $id) { status } }',
        {
          id: refund.id,
        },
      );
      return found.status === 'OPEN';
    });
    const told = await until('the owner to be told', async () => {
      const { notifications } = await dataOf<{ notifications: { title: string; body: string }[] }>(
        server,
        '{ notifications { title body } }',
      );
      return notifications.find((n) => n.title === 'Customer replied: Refund for a duplicate payment');
    });
    expect(told.body).toBe('Tom Becker <tom.becker@bluebird.example> wrote on EMAIL; the case is open again.');
    // A case that is open already is left as it is.
    const invoice = await one(server, 'case', '{ subject: { eq: "Invoice shows the old billing address" } }', 'status');
    expect(invoice.status).toBe('OPEN');
  });

  test('every hour, each inbound message unanswered for 4 hours gets one follow-up task', async () => {
    const db = server.database.opened.db;
    const runs = async () =>
      (
        await db.query<{ status: string }>(
          `select r.status from relata.workflow_runs r join relata.workflows w on w.id = r.workflow_id
            where w.workspace_id = $1 and w.key = 'follow_up_unanswered_messages' order by r.started_at`,
          [server.workspace.id],
        )
      ).rows.map((r) => r.status);
    const tasks = async () =>
      (
        await dataOf<{ tasks: { edges: { node: { title: string; dueDate: string } }[] } }>(
          server,
          '{ tasks(orderBy: [{ title: AscNullsLast }]) { edges { node { title dueDate } } } }',
        )
      ).tasks.edges.map((e) => e.node.title);
    expect(await runs()).toEqual([]);
    const nextHour = Math.ceil(Date.now() / HOUR) * HOUR;
    fx.clock.at = new Date(nextHour + 5_000);
    await until('the hourly run', async () => (await runs()).join() === 'SUCCEEDED');
    // The seeded interactions still waiting (Ann's email was answered above; today's mail is recent).
    expect(await tasks()).toEqual([
      'Answer the PORTAL from sara.novak@kestrel.example',
      'Answer the SMS from +15550102001',
      'Answer the SMS from +15550105001',
      'Answer the WEB_FORM from emma.schulz@harbor.example',
    ]);
    fx.clock.at = new Date(nextHour + HOUR + 5_000);
    await until('the next hourly run', async () => (await runs()).join() === 'SUCCEEDED,SUCCEEDED');
    expect(await tasks()).toHaveLength(4);
  });

  test("an agent's SMS reply goes out through the template's sms-sender plugin once it is configured", async () => {
    await metadataOf(server, 'mutation($s: JSON!) { configurePlugin(name: "sms-sender", settings: $s) { name } }', {
      s: { baseUrl: `http://${SMS_HOST}:${fx.providerPort}`, from: '+15550001111', apiKey: 'sk-collab-test' },
    });
    const waiting = await messageByExternalId(server, 'seed-015@collab.example');
    const { sendMessage } = await dataOf<{ sendMessage: { threadKey: string; answered: number } }>(
      server,
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { threadKey answered } }',
      { i: { channel: 'SMS', replyTo: waiting.id, body: 'Fixed: one reminder per appointment from tomorrow.' } },
    );
    expect(sendMessage).toEqual({ threadKey: 'seed-013@collab.example', answered: 1 });
    await until('the provider to get the text', async () => fx.texts.length > 0);
    expect(fx.texts).toEqual([
      {
        authorization: 'Bearer sk-collab-test',
        body: { from: '+15550001111', to: '+15550102001', body: 'Fixed: one reminder per appointment from tomorrow.' },
      },
    ]);
  });
});
