import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose } from './support/ui';

/**
 * The customer portal end to end: the admin configures it in the studio and invites a contact
 * from its record (a real local SMTP server); the contact chooses a password from the mailed link
 * on a phone-sized screen, sees only their own tickets, opens one, replies and opens a new one;
 * another contact's ticket URL shows not found; the agent sees the reply in the studio.
 */
let smtp: SmtpCapture;
let studio: StudioHarness;
let admin: Page;
let ids: { ann: string; bob: string; annTicket: string; bobTicket: string };

type Values = Record<string, unknown>;

async function data<T = Values>(query: string, variables?: Values): Promise<T> {
  const result = await studio.server.gql<T>(query, variables);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as T;
}

async function metadata(query: string, variables?: Values): Promise<void> {
  const result = await studio.server.metadataGql(query, variables);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
}

async function create(object: 'Person' | 'Ticket' | 'Message', input: Values): Promise<string> {
  const result = await data<Record<string, { id: string }>>(
    `mutation($data: ${object}CreateInput!) { create${object}(data: $data) { id } }`,
    { data: input },
  );
  return result[`create${object}`]!.id;
}

/** A ticket object (support requests of people), two contacts with a ticket each, and an agent's email on Ann's. */
async function seedTickets() {
  await metadata(
    'mutation { createObject(input: { nameSingular: "ticket", namePlural: "tickets", labelSingular: "Ticket", labelPlural: "Tickets" }) { applied } }',
  );
  for (const field of [
    '{ name: "subject", label: "Subject", type: TEXT, required: true }',
    `{ name: "status", label: "Status", type: SELECT, options: [
        { value: "OPEN", label: "Open", color: "blue", position: 0 },
        { value: "SOLVED", label: "Solved", color: "green", position: 1 }] }`,
    '{ name: "description", label: "Description", type: TEXT }',
    '{ name: "internalNote", label: "Internal note", type: TEXT }',
    `{ name: "contact", label: "Contact", type: RELATION,
       relation: { target: "person", kind: MANY_TO_ONE, inverseName: "tickets" } }`,
  ])
    await metadata(`mutation { createField(object: "ticket", input: ${field}) { applied } }`);
  await metadata('mutation { updateObject(name: "ticket", input: { labelField: "subject" }) { applied } }');
  const ann = await create('Person', { name: { firstName: 'Ann', lastName: 'Portal' }, email: 'ann@customer.test' });
  const bob = await create('Person', { name: { firstName: 'Bob', lastName: 'Other' }, email: 'bob@customer.test' });
  const annTicket = await create('Ticket', {
    subject: 'Invoice shows the wrong address',
    status: 'OPEN',
    description: 'Our March invoice lists the old office.',
    internalNote: 'Billing system bug, do not tell',
    contactId: ann,
  });
  const bobTicket = await create('Ticket', { subject: 'Bob cannot log in', status: 'OPEN', contactId: bob });
  const email = await create('Message', {
    channel: 'EMAIL',
    direction: 'OUTBOUND',
    subject: 'About your invoice',
    body: '<p>Hello Ann, we are correcting the address now.</p>',
    sentAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  await data(
    'mutation($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { id } }',
    {
      a: { object: 'message', id: email },
      t: [{ object: 'ticket', id: annTicket }],
    },
  );
  return { ann, bob, annTicket, bobTicket };
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  studio = await startStudio({ smtpUrl: smtp.url });
  ids = await seedTickets();
  ({ page: admin } = await studio.newSession());
  await studio.signIn(admin);
});

afterAll(async () => {
  await studio?.close();
  await smtp?.close();
});

/** The horizontal overflow of the page (0: nothing wider than the screen). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the customer portal', () => {
  let contact: Page;

  test('the admin turns the portal on for people, showing their tickets', async () => {
    await admin.click('[data-test="nav-portal-settings"]');
    await admin.locator('[data-test="portal-settings-page"]').waitFor();
    await choose(admin, admin.locator('[data-test="portal-contact-object"]'), 'Person');
    const card = admin.locator('[data-test="portal-object-ticket"]');
    await card.locator('[data-test="portal-show-ticket"]').click();
    for (const field of ['contact', 'subject', 'status', 'description']) {
      const toggle = card.locator(`[data-test="portal-field-ticket-${field}"]`);
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('class')).toContain('n-switch--active');
    }
    await choose(admin, card.locator('[data-test="portal-status-ticket"]'), 'Status');
    const openMenus = () => admin.locator('.n-base-select-menu:visible').count();
    await expect.poll(openMenus).toBe(0);
    await card.locator('[data-test="portal-allow-create-ticket"]').click();
    await card.locator('[data-test="portal-create-fields-ticket"]').click();
    // A multiple select keeps its menu open: both fields are picked in it, then it is closed.
    const menu = admin.locator('.n-base-select-menu:visible');
    await menu.locator('.n-base-select-option', { hasText: 'Subject' }).click();
    await menu.locator('.n-base-select-option', { hasText: 'Description' }).click();
    await admin.keyboard.press('Escape');
    await expect.poll(openMenus).toBe(0);
    await admin.locator('[data-test="portal-enabled"]').click();
    await admin.click('[data-test="portal-settings-save"]');
    await admin.locator('[data-test="portal-url"]').waitFor();
    await studio.screenshot(admin, 'portal-01-settings');
    const saved = await studio.server.metadataGql<{ portalSettings: Values }>(
      '{ portalSettings { enabled contactObject objects { object contactField statusField allowCreate createFields } } }',
    );
    expect(saved.data?.portalSettings).toEqual({
      enabled: true,
      contactObject: 'person',
      objects: [
        {
          object: 'ticket',
          contactField: 'contact',
          statusField: 'status',
          allowCreate: true,
          createFields: ['subject', 'description'],
        },
      ],
    });
  });

  test('the admin invites Ann from her record; she chooses a password from the mailed link', async () => {
    await admin.goto(`/o/people/${ids.ann}`);
    await admin.click('[data-test="invite-to-portal"]');
    await expect
      .poll(() => admin.locator('[data-test="portal-invite-email"] input').inputValue())
      .toBe('ann@customer.test');
    await admin.click('[data-test="portal-invite-send"]');
    const mail = await smtp.next('ann@customer.test');
    const link = new RegExp(`${studio.server.url}(/portal/set-password\\?[^\\s]+)`).exec(mail.text)?.[1];
    expect(link).toBeTruthy();

    ({ page: contact } = await studio.newSession({ width: 390, height: 844 }));
    await contact.goto(link!);
    await contact.fill('#portal-new-password', 'ann picks a long one');
    await contact.fill('#portal-repeat-password', 'ann picks a long one');
    await studio.screenshot(contact, 'portal-02-set-password');
    await contact.click('[data-test="portal-set-password"]');
    await contact.locator('[data-test="portal-cases"]').waitFor();
  });

  test('she sees only her own ticket, with its status, on a phone-sized screen', async () => {
    const list = contact.locator('[data-test="portal-cases"]');
    await expect.poll(() => list.textContent()).toContain('Invoice shows the wrong address');
    await list.locator(`[data-test="portal-case-${ids.annTicket}"]`).waitFor();
    await expect(list.locator(`[data-test="portal-case-${ids.bobTicket}"]`).count()).resolves.toBe(0);
    await expect(list.textContent()).resolves.not.toContain('Bob');
    await expect(list.locator('[data-test="case-status"]').first().textContent()).resolves.toBe('Open');
    await expect(contact.locator('[data-test="portal-brand"]').textContent()).resolves.toContain('Test demo');
    expect(await overflow(contact)).toBe(0);
    await studio.screenshot(contact, 'portal-03-my-cases');
  });

  test('she opens it, reads the agent’s email, not the internal note, and replies', async () => {
    await contact.click(`[data-test="portal-case-${ids.annTicket}"]`);
    const page = contact.locator('[data-test="portal-case"]');
    await page.waitFor();
    await expect(page.textContent()).resolves.toContain('we are correcting the address now');
    await expect(page.textContent()).resolves.not.toContain('Billing system bug');
    await contact.fill('#portal-reply', 'Thank you! The new address is 12 Harbour Street.');
    await contact.click('[data-test="portal-send-reply"]');
    await expect.poll(() => page.locator('[data-test="portal-message"]').count()).toBe(2);
    expect(await overflow(contact)).toBe(0);
    await studio.screenshot(contact, 'portal-04-case-page');
  });

  test('she opens a new ticket from the form of the allowed fields', async () => {
    await contact.click('[data-test="portal-brand"]');
    await contact.click('[data-test="portal-new-ticket"]');
    const form = contact.locator('[data-test="portal-new-case-form"]');
    await form.locator('input[name="subject"]').fill('Please add a second user');
    await form.locator('input[name="description"]').fill('For our accountant.');
    await expect(form.locator('[name="internalNote"]').count()).resolves.toBe(0);
    await contact.click('[data-test="portal-submit-case"]');
    await expect
      .poll(() => contact.locator('[data-test="portal-case-title"]').textContent())
      .toBe('Please add a second user');
    const mine = await data<{ tickets: { nodes: { subject: string }[] } }>(
      'query($ann: ID!) { tickets(filter: { contactId: { eq: $ann } }) { nodes { subject } } }',
      { ann: ids.ann },
    );
    expect(mine.tickets.nodes.map((t) => t.subject).sort()).toEqual([
      'Invoice shows the wrong address',
      'Please add a second user',
    ]);
  });

  test('another contact’s ticket URL shows not found', async () => {
    await contact.goto(`/portal/ticket/${ids.bobTicket}`);
    await contact.locator('[data-test="portal-not-found"]').waitFor();
    await expect(contact.textContent('body')).resolves.not.toContain('Bob cannot log in');
    await studio.screenshot(contact, 'portal-05-not-found');
  });

  test("the agent sees the reply on the ticket's timeline and in the inbox, unanswered", async () => {
    await admin.goto(`/o/tickets/${ids.annTicket}`);
    const onTimeline = admin.locator('[data-test="message-inbound"]', { hasText: '12 Harbour Street' });
    await onTimeline.waitFor({ timeout: 20_000 });
    await studio.screenshot(admin, 'portal-06-agent-timeline');
    await admin.goto('/inbox');
    await admin.locator('[data-test="inbox-item"]', { hasText: 'Re: Invoice shows the wrong address' }).waitFor();
    const linked = await data<{ linkedActivities: { object: string; id: string }[] }>(
      'query($id: ID!) { linkedActivities(object: "ticket", id: $id) { object id } }',
      { id: ids.annTicket },
    );
    const all = await data<{
      messages: { nodes: { id: string; channel: string; body: string; answeredAt: string | null }[] };
    }>('{ messages(first: 50) { nodes { id channel body answeredAt } } }');
    const replies = all.messages.nodes.filter((m) => m.channel === 'PORTAL');
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply?.body).toContain('12 Harbour Street');
    expect(reply?.answeredAt).toBeNull();
    expect(linked.linkedActivities).toContainEqual({ object: 'message', id: reply!.id });
  });

  test('she signs out, and the portal asks her to sign in again', async () => {
    await contact.goto('/portal/');
    await contact.click('[data-test="portal-sign-out"]');
    await contact.locator('[data-test="portal-sign-in-form"]').waitFor();
    await contact.goto(`/portal/ticket/${ids.annTicket}`);
    await contact.locator('[data-test="portal-sign-in-form"]').waitFor();
  });
});
