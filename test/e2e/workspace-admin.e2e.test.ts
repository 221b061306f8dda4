import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * Self-serve admin in the studio: an API key created, used, revoked and refused at once; a member
 * invited by mail (a real local SMTP server), signing in through the mailed link, then given
 * another role and deactivated.
 */
let smtp: SmtpCapture;
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  studio = await startStudio({ smtpUrl: smtp.url });
  ({ page } = await studio.newSession());
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
  await smtp?.close();
});

const countCompanies = (key: string) =>
  studio.server.gql<{ companies: { totalCount: number } }>('{ companies { totalCount } }', {}, key);

describe('API keys', () => {
  test('a key is shown once with a copy button, works, shows its last use, and fails at once when revoked', async () => {
    await page.click('[data-test="nav-api-keys"]');
    await page.click('[data-test="new-api-key"]');
    await page.fill('#api-key-name', 'Billing sync');
    await page.click('[data-test="create-api-key"]');
    const key = (await page.locator('[data-test="new-key-value"]').textContent())!.trim();
    expect(key.length).toBeGreaterThan(20);
    await page.click('[data-test="copy-key"]');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(key);
    await studio.screenshot(page, 'admin-api-key-created');

    const before = await countCompanies(key);
    expect(before.errors).toBeUndefined();
    expect(before.data?.companies.totalCount).toBeGreaterThan(0);
    await page.reload();
    const row = page.locator('[data-test="api-key-Billing sync"]');
    await expect.poll(() => row.textContent()).toContain('Used ');
    await expect(row.textContent()).resolves.toContain('Expires');
    await expect(page.locator('[data-test="new-key"]').count()).resolves.toBe(0);

    await row.locator('[data-test="revoke-api-key"]').click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).last().click();
    await expect.poll(() => row.locator('[data-test="api-key-state"]').textContent()).toBe('revoked');
    const after = await countCompanies(key);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await studio.screenshot(page, 'admin-api-key-revoked');
  });

  test('keys are on /metadata too, and never show the key again', async () => {
    const listed = await studio.server.metadataGql<{ apiKeys: Record<string, unknown>[] }>(
      '{ apiKeys { id name role prefix revokedAt } }',
    );
    const billing = listed.data!.apiKeys.find((k) => k.name === 'Billing sync')!;
    expect(billing.revokedAt).toBeTruthy();
    expect(Object.keys(billing)).not.toContain('key');
  });
});

describe('members', () => {
  test('an invited member signs in through the mailed link; the admin changes their role and deactivates them', async () => {
    await page.click('[data-test="nav-members"]');
    await page.fill('#invite-email', 'ada@demo.test');
    await page.click('[data-test="send-invite"]');
    await page.waitForSelector('[data-test="invite-ada@demo.test"]');
    await studio.screenshot(page, 'admin-members-invited');
    const mail = await smtp.next('ada@demo.test');
    const link = new RegExp(`${studio.server.url}(/accept-invite\\?token=[A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
    expect(link).toBeTruthy();

    const guest = await studio.newSession();
    await guest.page.goto(link!);
    await guest.page.fill('#name', 'Ada Lovelace');
    await guest.page.fill('#new-password', 'analytical engine');
    await guest.page.fill('#confirm-password', 'analytical engine');
    await guest.page.click('[data-test="accept-invite"]');
    await guest.page.waitForURL(/\/sign-in\?/);
    await guest.page.fill('#password', 'analytical engine');
    await guest.page.click('[data-test="sign-in"]');
    await guest.page.waitForSelector('[data-test="open-palette"]');

    await page.reload();
    const row = page.locator('[data-test="member-ada@demo.test"]');
    await expect.poll(() => row.textContent()).toContain('Ada Lovelace');
    await expect(row.textContent()).resolves.toContain('Signed in');
    await expect(page.locator('[data-test="invite-ada@demo.test"]').count()).resolves.toBe(0);

    await row.locator('[data-test="member-role"]').click();
    await page.locator('.n-base-select-option', { hasText: 'Admin' }).first().click();
    await expect
      .poll(
        async () =>
          (
            await studio.server.metadataGql<{ members: { email: string; role: string }[] }>(
              '{ members { email role } }',
            )
          ).data?.members.find((m) => m.email === 'ada@demo.test')?.role,
      )
      .toBe('admin');

    await row.locator('[data-test="deactivate-member"]').click();
    await page.getByRole('button', { name: 'Deactivate', exact: true }).last().click();
    await row.locator('[data-test="member-inactive"]').waitFor();
    await studio.screenshot(page, 'admin-members-deactivated');
    // Their open session ends at once.
    await guest.page.reload();
    await guest.page.waitForURL(/\/sign-in/);
  });

  test('an admin cannot deactivate or demote themselves', async () => {
    const self = await studio.server.metadataGql<{ deactivateMember: unknown }>(
      'mutation { deactivateMember(email: "admin@demo.test") { id } }',
    );
    expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
