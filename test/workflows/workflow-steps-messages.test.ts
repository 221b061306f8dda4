import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { queuedJobs } from '../support/queued-jobs';
import { startTestServer, type TestServer } from '../support/test-server';
import { activeWorkflow, apiOf, createObject, finishedRun, stepLogOf, until } from './workflow-test-kit';

let server: TestServer;
let smtp: SmtpCapture;
let memberId: string;
let memberToken: string;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startTestServer({ workspace: 'mails', worker: true, smtpUrl: smtp.url });
  const member = { email: 'rep@mails.test', password: 'rep password long enough' };
  memberId = (await createUser(server.database.opened.db, { workspace: 'mails', ...member, role: 'member' })).id;
  memberToken = (await server.signIn(member.email, member.password)).body.token as string;
  await createObject(server, { singular: 'lead', plural: 'leads' }, [
    { name: 'name', label: 'Name', type: 'TEXT' },
    { name: 'email', label: 'Email', type: 'EMAIL' },
  ]);
  await activeWorkflow(server, 'Welcome leads', {
    trigger: { type: 'RECORD_CREATED', object: 'lead' },
    steps: [
      {
        key: 'mail',
        type: 'send_email',
        settings: {
          to: '{{ record.email }}',
          subject: 'Welcome {{ record.name }}',
          body: 'Hello {{ record.name }}, run {{ workflow.runId }}.',
        },
        next: 'tellRep',
      },
      {
        key: 'tellRep',
        type: 'notify_user',
        settings: { userId: memberId, title: 'New lead {{ record.name }}', body: 'Mailed {{ steps.mail.to }}' },
        next: 'tellOwner',
      },
      { key: 'tellOwner', type: 'notify_user', settings: { title: 'Your lead {{ record.name }} was welcomed' } },
    ],
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function createLead(name: string, email: string | null) {
  const { createLead } = await apiOf(server).data<{ createLead: { id: string } }>(
    'mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }',
    { d: { name, email } },
  );
  return createLead.id;
}

const mailJobsLeft = async () => (await queuedJobs(server.database.opened.db, 'workflow:mail')).length === 0;

describe('send email and notify user steps, failed-run alerts', () => {
  test('a created lead is mailed through the transport and its rep and owner are notified', async () => {
    const id = await createLead('Ada', 'ada@example.com');
    const run = await finishedRun(server, id);
    expect(run.status).toBe('SUCCEEDED');
    const mail = await smtp.next('ada@example.com');
    expect(mail.subject).toBe('Welcome Ada');
    expect(mail.text.trim()).toBe(`Hello Ada, run ${run.id}.`);
    expect(mail.messageId).toBe(`<${run.id}.mail@workflow.relata>`);

    const log = await stepLogOf(server, run.id);
    expect(log.map((s) => [s.step_key, s.status])).toEqual([
      ['mail', 'SUCCEEDED'],
      ['tellRep', 'SUCCEEDED'],
      ['tellOwner', 'SUCCEEDED'],
    ]);

    const { data } = apiOf(server);
    const listed = await data<{
      notifications: { title: string; body: string; object: string; recordId: string; runId: string }[];
      unreadNotificationCount: number;
    }>('{ notifications { title body object recordId runId } unreadNotificationCount }', {}, memberToken);
    expect(listed.notifications).toEqual([
      { title: 'New lead Ada', body: 'Mailed ada@example.com', object: 'lead', recordId: id, runId: run.id },
    ]);
    expect(listed.unreadNotificationCount).toBe(1);
    // The owner (the admin who created the lead) got the other one; neither sees the other's.
    const admin = await data<{ notifications: { id: string; title: string }[] }>('{ notifications { id title } }');
    expect(admin.notifications.map((n) => n.title)).toEqual(['Your lead Ada was welcomed']);
    // Marking someone else's notification read changes nothing.
    const foreign = await data<{ markNotificationsRead: number }>(
      'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }',
      { ids: [admin.notifications[0]!.id] },
      memberToken,
    );
    expect(foreign.markNotificationsRead).toBe(0);

    const marked = await data<{ markNotificationsRead: number }>('mutation { markNotificationsRead }', {}, memberToken);
    expect(marked.markNotificationsRead).toBe(1);
    const after = await data<{ unreadNotificationCount: number; notifications: unknown[] }>(
      '{ unreadNotificationCount notifications(unreadOnly: true) { id } }',
      {},
      memberToken,
    );
    expect(after).toEqual({ unreadNotificationCount: 0, notifications: [] });
  });

  test('a send-email step retried after its first attempt rolled back sends the mail exactly once', async () => {
    const db = server.database.opened.db;
    // A fault in the step's own transaction after the mail was handed over: the first attempt's
    // log write fails, so everything that attempt did rolls back and the step is retried.
    await db.query(`create function relata_test_fail_first_mail() returns trigger language plpgsql as $$
      begin
        if new.step_key = 'mail' and new.attempt = 1 and new.status = 'SUCCEEDED' then
          raise exception 'injected fault after sending';
        end if;
        return new;
      end $$`);
    await db.query(`create trigger relata_test_fail_first_mail before insert on relata.workflow_step_runs
      for each row execute function relata_test_fail_first_mail()`);
    try {
      const id = await createLead('Grace', 'grace@example.com');
      const run = await finishedRun(server, id, 45_000);
      expect(run.status).toBe('SUCCEEDED');
      const mails = (await stepLogOf(server, run.id)).filter((s) => s.step_key === 'mail');
      expect(mails.map((s) => [s.attempt, s.status])).toEqual([
        [1, 'FAILED'],
        [2, 'SUCCEEDED'],
      ]);
      expect(mails[0]!.error).toContain('injected fault');
      await smtp.next('grace@example.com');
      await until('the mail jobs to finish', mailJobsLeft);
      expect(smtp.received.filter((m) => m.to.includes('grace@example.com'))).toHaveLength(1);
    } finally {
      await db.query('drop trigger relata_test_fail_first_mail on relata.workflow_step_runs');
      await db.query('drop function relata_test_fail_first_mail()');
    }
  });

  test('a lead without an address fails the step with a message naming the setting, and nothing is sent', async () => {
    const id = await createLead('Nobody', null);
    const run = await finishedRun(server, id, 60_000);
    expect(run.status).toBe('FAILED');
    expect(run.error).toContain('setting "to": there is no recipient');
    // The workflow's owner (the admin who created it) is alerted: a notification and a mail.
    const alert = await smtp.next('admin@mails.test');
    expect(alert.subject).toBe('Workflow "Welcome leads" failed');
    expect(alert.text).toContain(run.id);
    const { notifications } = await apiOf(server).data<{
      notifications: { title: string; recordId: string; runId: string }[];
    }>('{ notifications(unreadOnly: true) { title recordId runId } }');
    expect(notifications).toContainEqual({ title: 'Workflow "Welcome leads" failed', recordId: id, runId: run.id });
    expect(smtp.received.some((m) => m.subject === 'Welcome Nobody')).toBe(false);
  }, 120_000);
});
