import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { fillIn } from './support/ui';

/**
 * The profile page: a new name shows at once, a password change needs the current password and
 * signs the other browser out, and "sign out everywhere" ends this browser's session too.
 */
let studio: StudioHarness;
let page: Page;
let elsewhere: Page;
const NEW_PASSWORD = 'a completely new passphrase';

beforeAll(async () => {
  studio = await startStudio();
  ({ page } = await studio.newSession());
  ({ page: elsewhere } = await studio.newSession());
  await studio.signIn(page);
  await studio.signIn(elsewhere);
});

afterAll(async () => {
  await studio?.close();
});

describe('profile', () => {
  test('renaming, changing the password, and signing out everywhere', async () => {
    await page.click('[data-test="workspace-menu"]');
    await page.click('[data-test="open-profile"]');
    await page.waitForSelector('[data-test="profile-page"]');
    await fillIn(page, 'profile-name', 'Ada Lovelace');
    await page.click('[data-test="profile-save-name"]');
    await page.locator('.n-message', { hasText: 'Name saved' }).waitFor();
    await page.click('[data-test="nav-home"]');
    await expect
      .poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 })
      .toContain('Welcome, Ada Lovelace');

    await page.goto('/profile');
    await fillIn(page, 'profile-current-password', 'not my password');
    await fillIn(page, 'profile-new-password', NEW_PASSWORD);
    await fillIn(page, 'profile-repeat-password', NEW_PASSWORD);
    await page.click('[data-test="profile-change-password"]');
    await expect
      .poll(() => page.locator('[data-test="profile-page"] .n-form-item-feedback').allTextContents(), {
        timeout: 15_000,
      })
      .toContainEqual(expect.stringMatching(/current password is wrong/));
    await fillIn(page, 'profile-current-password', studio.server.admin.password);
    await page.click('[data-test="profile-change-password"]');
    await page.locator('.n-message', { hasText: 'Password changed' }).waitFor();
    studio.server.admin.password = NEW_PASSWORD;
    await studio.screenshot(page, 'daily-profile');

    // The other browser's session ended with the change; this one goes on.
    await elsewhere.goto('/tasks');
    await elsewhere.waitForSelector('#email');
    await page.click('[data-test="nav-home"]');
    await page.waitForSelector('[data-test="home"]');

    await page.goto('/profile');
    await page.click('[data-test="profile-sign-out-everywhere"]');
    await page.locator('.n-dialog .n-button', { hasText: 'Sign out everywhere' }).click();
    await page.waitForSelector('#email');
    await studio.signIn(page);
    await page.waitForSelector('[data-test="home"]');
  });
});
