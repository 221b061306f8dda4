import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { metadataOf, postEmail } from '../messages/message-support';
import { installCollaborative } from '../templates/collaborative-support';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * The collaborative template in the studio and the portal, on its seed data (screenshots for the
 * template's README): a contact's timeline with every channel, the inbox of unanswered
 * interactions, and a contact's portal with only their case.
 */
let studio: StudioHarness;
let page: Page;

async function recordId(plural: string, filter: string): Promise<string> {
  const result = await studio.server.gql<Record<string, { edges: { node: { id: string } }[] }>>(
    `{ ${plural}(filter: ${filter}) { edges { node { id } } } }`,
  );
  const id = result.data?.[plural]?.edges[0]?.node.id;
  if (!id) throw new Error(`no ${plural} match ${filter}`);
  return id;
}

beforeAll(async () => {
  studio = await startStudio({ seedDemo: false, activities: true, workspace: 'collab' });
  await installCollaborative(studio.server);
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
});

describe('the collaborative template in the studio', () => {
  test("a contact's timeline shows her emails, portal messages, SMS, web form, call, meeting and note", async () => {
    const ann = await recordId('contacts', '{ email: { eq: "ann.lee@northwind.example" } }');
    await page.goto(`/o/contacts/${ann}`);
    const timeline = page.locator('[data-test="timeline"]');
    for (const text of [
      'Invoice shows the old billing address',
      'Billing address check with Ann Lee',
      'Northwind quarterly service review',
      'Ann prefers email; copy Raj on IT topics',
    ])
      await timeline.getByText(text).first().waitFor();
    // Tall enough to show the history under the composer, not only the form.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await studio.screenshot(page, 'collaborative-contact-timeline');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('the inbox lists the five seeded interactions nobody answered', async () => {
    await page.goto('/inbox');
    await expect.poll(() => page.locator('[data-test="inbox-item"]').count()).toBe(5);
    await page.locator('[data-test="inbox-item"]').first().click();
    await page.locator('[data-test="inbox-panel"]').waitFor();
    await studio.screenshot(page, 'collaborative-inbox');
  });

  test("an email that arrives while the contact's page is open shows on her timeline without a reload", async () => {
    const ann = await recordId('contacts', '{ email: { eq: "ann.lee@northwind.example" } }');
    await page.goto(`/o/contacts/${ann}`);
    const timeline = page.locator('[data-test="timeline"]');
    await timeline.getByText('Northwind quarterly service review').waitFor();
    const { rotateInboundEmailSecret: hook } = await metadataOf<{
      rotateInboundEmailSecret: { secret: string; inboundEmail: { path: string } };
    }>(studio.server, 'mutation { rotateInboundEmailSecret { secret inboundEmail { path } } }');
    const raw = Buffer.from(
      [
        'From: Ann Lee <ann.lee@northwind.example>',
        'To: support@collab.example',
        'Subject: A live question about invoices',
        'Message-ID: <ann-live-1@northwind.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Can we get invoices by email from now on?',
        '',
      ].join('\r\n'),
    );
    const posted = await postEmail(studio.server, { path: hook.inboundEmail.path, secret: hook.secret }, raw);
    expect(posted.status).toBe(201);
    // The page is not reloaded: the timeline's one activity stream brings it.
    await timeline.getByText('A live question about invoices').first().waitFor();
  });

  test('a contact signs in to the portal and sees only her own case', async () => {
    const nina = await recordId('contacts', '{ email: { eq: "nina.rossi@lumen.example" } }');
    const created = await studio.server.metadataGql<{ createPortalUser: { password: string } }>(
      'mutation($i: CreatePortalUserInput!) { createPortalUser(input: $i) { password } }',
      { i: { email: 'nina.rossi@lumen.example', object: 'contact', recordId: nina } },
    );
    const password = created.data?.createPortalUser.password;
    if (!password) throw new Error(JSON.stringify(created.errors));
    const { page: portal } = await studio.newSession({ width: 390, height: 844 });
    await portal.goto('/portal/sign-in');
    await portal.fill('#portal-workspace', 'collab');
    await portal.fill('#portal-email', 'nina.rossi@lumen.example');
    await portal.fill('#portal-password', password);
    await portal.click('[data-test="portal-sign-in"]');
    const cases = portal.locator('[data-test="portal-cases"]');
    await cases.getByText('Change of delivery address').waitFor();
    await expect(cases.getByText('Portal access for the purchasing team').count()).resolves.toBe(0);
    await studio.screenshot(portal, 'collaborative-portal-cases');
    await cases.getByText('Change of delivery address').click();
    await expect.poll(() => portal.locator('[data-test="portal-message"]').count()).toBe(2);
    await studio.screenshot(portal, 'collaborative-portal-case');
  });
});
