import { inviteUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { type StudioHarness, startStudio } from './support/studio-harness';

let smtp: SmtpCapture;
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  studio = await startStudio({ smtpUrl: smtp.url });
  ({ page } = await studio.newSession());
});

afterAll(async () => {
  await studio?.close();
  await smtp?.close();
});

/** The link a mail carries to `path` on this server, as a path the browser opens. */
async function linkInMail(to: string, path: string): Promise<string> {
  const mail = await smtp.next(to);
  const match = new RegExp(`${studio.server.url}(/${path}\\?token=[A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail to ${to}: ${mail.text}`);
  return match[1]!;
}

async function signInAs(email: string, password: string): Promise<void> {
  await page.fill('#password', password);
  await expect(page.inputValue('#email')).resolves.toBe(email);
  await page.click('[data-test="sign-in"]');
  await page.waitForSelector('[data-test="open-palette"]');
}

describe('pages the auth mails link to', () => {
  test('an invite link opens the accept page; the server says what is wrong; success leads to sign-in', async () => {
    const { services } = studio.server.instance;
    await inviteUser(studio.server.database.opened.db, services.mailer, services.links, {
      workspace: studio.server.workspace.slug,
      email: 'grace@demo.test',
      role: 'member',
    });
    await page.goto(await linkInMail('grace@demo.test', 'accept-invite'));
    const form = page.locator('[data-test="accept-invite-form"]');
    await form.locator('#name').fill('Grace Hopper');

    // The two entries must match (checked here), and the length rule is the server's.
    await form.locator('#new-password').fill('short');
    await form.locator('#confirm-password').fill('shorter');
    await page.click('[data-test="accept-invite"]');
    await expect.poll(() => form.locator('[data-test="confirm-password"]').textContent()).toContain('differ');
    await form.locator('#confirm-password').fill('short');
    await page.click('[data-test="accept-invite"]');
    await expect
      .poll(() => form.locator('[data-test="new-password"]').textContent())
      .toContain('at least 8 characters');
    await studio.screenshot(page, '25-accept-invite');

    await form.locator('#new-password').fill('compilers all the way');
    await form.locator('#confirm-password').fill('compilers all the way');
    await page.click('[data-test="accept-invite"]');
    await page.waitForURL(/\/sign-in\?/);
    await expect(page.locator('[data-test="sign-in-notice"]').textContent()).resolves.toContain('Invite accepted');
    await expect(page.inputValue('#workspace')).resolves.toBe(studio.server.workspace.slug);
    await signInAs('grace@demo.test', 'compilers all the way');
    await expect(page.locator('[data-test="open-palette"]').isVisible()).resolves.toBe(true);
  });

  test('forgot password: the mailed link sets a new password once, then sign-in works with it', async () => {
    const context = page.context();
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.goto('/sign-in');
    await page.fill('#email', 'grace@demo.test');
    await page.click('[data-test="forgot-password"]');
    await expect(page.inputValue('#email')).resolves.toBe('grace@demo.test');
    await page.click('[data-test="request-reset"]');
    await page.locator('[data-test="reset-requested"]').waitFor();

    const link = await linkInMail('grace@demo.test', 'reset-password');
    await page.goto(link);
    const form = page.locator('[data-test="reset-password-form"]');
    await form.locator('#new-password').fill('tiny');
    await form.locator('#confirm-password').fill('tiny');
    await page.click('[data-test="reset-password"]');
    await expect
      .poll(() => form.locator('[data-test="new-password"]').textContent())
      .toContain('at least 8 characters');
    await form.locator('#new-password').fill('nanoseconds are short');
    await form.locator('#confirm-password').fill('nanoseconds are short');
    await studio.screenshot(page, '26-reset-password');
    await page.click('[data-test="reset-password"]');
    await page.waitForURL(/\/sign-in\?notice=password-reset/);
    await expect(page.locator('[data-test="sign-in-notice"]').textContent()).resolves.toContain('password was changed');
    await studio.screenshot(page, '27-sign-in-after-reset');

    // The link works once: opening it again says so.
    await page.goto(link);
    await form.locator('#new-password').fill('another long one');
    await form.locator('#confirm-password').fill('another long one');
    await page.click('[data-test="reset-password"]');
    await expect.poll(() => form.locator('[data-test="auth-error"]').textContent()).toMatch(/\w/);

    await page.goto('/sign-in');
    await page.fill('#workspace', studio.server.workspace.slug);
    await page.fill('#email', 'grace@demo.test');
    await signInAs('grace@demo.test', 'nanoseconds are short');
  });
});
