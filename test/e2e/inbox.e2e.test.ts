import { webhookSignature } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose } from './support/ui';

/**
 * Every interaction on one timeline: an email a mail relay posts to the workspace's inbound-email
 * webhook waits in the agent's inbox and shows on the contact's timeline; the agent replies from
 * the inbox (mailed through SMTP, threaded), the message leaves the inbox and the reply is on the
 * contact's timeline under the email it answers.
 */
let smtp: SmtpCapture;
let studio: StudioHarness;
let page: Page;
let contact: { id: string; name: string; email: string };
let inbound: { path: string; secret: string };

async function metadata<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await studio.server.metadataGql<T>(query, variables);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  studio = await startStudio({ worker: true, smtpUrl: smtp.url });
  const { data } = await studio.server.gql<{
    people: { nodes: { id: string; name: { firstName: string; lastName: string }; email: string | null }[] };
  }>('{ people(first: 20, filter: { email: { isNull: false } }) { nodes { id name { firstName lastName } email } } }');
  const person = data!.people.nodes.find((p) => p.email)!;
  contact = { id: person.id, name: `${person.name.firstName} ${person.name.lastName}`, email: person.email! };
  const { object } = await metadata<{ object: { id: string; fields: { id: string; name: string }[] } }>(
    '{ object(name: "person") { id fields { id name } } }',
  );
  await metadata('mutation($i: InboundEmailInput!) { updateInboundEmail(input: $i) { path } }', {
    i: { contactObjectId: object.id, emailFieldId: object.fields.find((f) => f.name === 'email')!.id },
  });
  const { rotateInboundEmailSecret } = await metadata<{
    rotateInboundEmailSecret: { secret: string; inboundEmail: { path: string } };
  }>('mutation { rotateInboundEmailSecret { secret inboundEmail { path } } }');
  inbound = { path: rotateInboundEmailSecret.inboundEmail.path, secret: rotateInboundEmailSecret.secret };
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
  await smtp?.close();
});

/** What a relay forwards: the raw email, signed with the webhook's secret. */
async function relayEmail(raw: string): Promise<number> {
  return postSigned(inbound, 'message/rfc822', Buffer.from(raw.replaceAll('\n', '\r\n')));
}

/** A POST to an inbound webhook, signed as its provider signs it. */
async function postSigned(hook: { path: string; secret: string }, type: string, body: Buffer): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${studio.server.url}${hook.path}`, {
    method: 'POST',
    headers: {
      'content-type': type,
      'x-relata-timestamp': String(timestamp),
      'x-relata-signature': webhookSignature(hook.secret, timestamp, body),
    },
    body: new Uint8Array(body),
  });
  return response.status;
}

describe('the inbox', () => {
  test("the workspace settings show the webhook's address and matching, never the secret", async () => {
    await page.goto('/admin/settings');
    const section = page.locator('[data-test="inbound-email-settings"]');
    await section.locator('[data-test="inbound-email-url"]', { hasText: '/hooks/email/' }).waitFor();
    await expect(section.locator('[data-test="inbound-email-url"]').textContent()).resolves.toBe(
      `${studio.server.url}${inbound.path}`,
    );
    await expect(section.locator('[data-test="inbound-email-rotate"]').textContent()).resolves.toContain(
      'Replace the secret',
    );
    await expect(section.locator('[data-test="inbound-email-object"]').textContent()).resolves.toContain('People');
    await expect(section.textContent()).resolves.not.toContain(inbound.secret);
  });

  test('an inbound email waits in the inbox and on the contact timeline; the reply answers it', async () => {
    const status = await relayEmail(`From: ${contact.name} <${contact.email}>
To: support@demo.test
Subject: My order never arrived
Date: ${new Date().toUTCString()}
Message-ID: <e2e-order-1@mail.example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=UTF-8

Hello, order 881 never arrived. Can you check?

--b1
Content-Type: text/html; charset=UTF-8

<p>Hello, order <b>881</b> never arrived. Can you check?</p>

--b1--
`);
    expect(status).toBe(201);

    const openInbox = async () => {
      await page.goto('/inbox');
      const item = page.locator('[data-test="inbox-item"]', { hasText: 'My order never arrived' });
      await item.click();
      const panel = page.locator('[data-test="inbox-panel"]');
      await panel.locator('[data-test="inbox-target"]', { hasText: contact.name }).waitFor();
      return panel;
    };
    const contactThread = async () => {
      await page.goto(`/o/people/${contact.id}`);
      await page.click('[data-test="timeline-filter-message"]');
      const thread = page.locator('[data-test="message-thread"]', { hasText: 'My order never arrived' });
      await thread.waitFor();
      return thread;
    };
    let panel = await openInbox();
    await expect(panel.locator('[data-test="message-body"]').first().textContent()).resolves.toContain(
      'order 881 never arrived',
    );
    await studio.screenshot(page, 'inbox-inbound-email');

    // The same email on the contact's timeline, under the Messages filter.
    await contactThread();

    // Click-to-call: the phone is a tel: link, and "Call" opens the call log prefilled.
    const call = page.locator('[data-test="click-to-call"]').first();
    await expect(call.getAttribute('href')).resolves.toMatch(/^tel:\+?[0-9]+$/);
    await expect(page.locator('[data-test="phone-link"]').first().getAttribute('href')).resolves.toMatch(/^tel:/);
    // The browser would hand tel: to the system's dialer; here only the studio's side is checked.
    await page.evaluate(() =>
      document.querySelector('[data-test="click-to-call"]')?.addEventListener('click', (e) => e.preventDefault()),
    );
    await call.click();
    await expect(page.inputValue('#composer-subject')).resolves.toMatch(/^Call with .+ \(\+?[0-9 ]+\)$/);

    // The agent replies inline in the inbox; the message leaves it.
    panel = await openInbox();
    await panel.locator('[data-test="message-body-input"] [role="textbox"]').click();
    await page.keyboard.type('We are sending a new parcel today.');
    await panel.locator('[data-test="message-send"]').click();
    await page
      .locator('[data-test="inbox-item"]', { hasText: 'My order never arrived' })
      .waitFor({ state: 'detached' });
    await studio.screenshot(page, 'inbox-after-reply');

    const mailed = await smtp.next(contact.email);
    expect(mailed.subject).toBe('Re: My order never arrived');
    expect(mailed.raw).toMatch(/^In-Reply-To: <e2e-order-1@mail\.example\.com>/m);

    // The reply is on the contact's timeline, under the email it answers, which shows as answered.
    const thread = await contactThread();
    await thread.locator('[data-test="message-outbound"]', { hasText: 'We are sending a new parcel today.' }).waitFor();
    await expect(thread.locator('[data-test="message-answered"]').count()).resolves.toBe(1);
    await studio.screenshot(page, 'inbox-contact-timeline');
  });
});

describe('inbound SMS', () => {
  test("the admin sets it up in the workspace settings; a signed text lands on the contact's timeline", async () => {
    // A number no other contact has, written as people write it (matched in E.164).
    const updated = await studio.server.gql(
      'mutation($id: ID!) { updatePerson(id: $id, data: { phone: "+1 (555) 014-7788" }) { id } }',
      { id: contact.id },
    );
    expect(updated.errors).toBeUndefined();
    await page.goto('/admin/settings');
    const section = page.locator('[data-test="inbound-sms-settings"]');
    await section.locator('[data-test="inbound-sms-url"]', { hasText: '/hooks/sms/' }).waitFor();
    const path = new URL((await section.locator('[data-test="inbound-sms-url"]').textContent())!).pathname;
    await section.locator('[data-test="inbound-sms-rotate"]', { hasText: 'Make a secret' }).waitFor();
    await choose(page, section.locator('[data-test="inbound-sms-object"]'), 'People');
    await choose(page, section.locator('[data-test="inbound-sms-field"]'), 'Phone');
    await section.locator('[data-test="inbound-sms-save"]').click();
    await page.locator('.n-message', { hasText: 'Inbound SMS saved' }).waitFor();
    await section.locator('[data-test="inbound-sms-rotate"]').click();
    const shown = await section.locator('[data-test="inbound-sms-secret"] code').textContent();
    const secret = shown!.trim();
    expect(secret).toMatch(/^whsec_/);
    await studio.screenshot(page, 'settings-inbound-sms');

    // The same settings read back after a reload, the secret no longer shown.
    await page.reload();
    await section.locator('[data-test="inbound-sms-field"]', { hasText: 'Phone' }).waitFor();
    await section.locator('[data-test="inbound-sms-rotate"]', { hasText: 'Replace the secret' }).waitFor();
    await expect(section.textContent()).resolves.not.toContain(secret);

    const text = { id: 'e2e-sms-1', from: '+15550147788', to: '+15550001111', body: 'Is my parcel on its way?' };
    const status = await postSigned({ path, secret }, 'application/json', Buffer.from(JSON.stringify(text)));
    expect(status).toBe(201);
    // Signed with another secret: refused, nothing stored.
    const forged = { ...text, id: 'e2e-sms-2', body: 'Forged' };
    const refused = await postSigned(
      { path, secret: `${secret}x` },
      'application/json',
      Buffer.from(JSON.stringify(forged)),
    );
    expect(refused).toBe(401);

    await page.goto(`/o/people/${contact.id}`);
    await page.click('[data-test="timeline-filter-message"]');
    const thread = page.locator('[data-test="message-thread"]', { hasText: 'Is my parcel on its way?' });
    await thread.waitFor();
    await expect(thread.locator('[aria-label="SMS"]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-test="message-thread"]', { hasText: 'Forged' }).count()).resolves.toBe(0);
    await studio.screenshot(page, 'timeline-inbound-sms');
  });
});
