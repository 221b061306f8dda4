import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose, fillIn } from './support/ui';

/**
 * Workspace settings in the studio: an admin renames the workspace, uploads a logo and picks a
 * currency, time zone and date format; the sidebar and every date shown follow, in this browser
 * and in a fresh one.
 */
let studio: StudioHarness;
let page: Page;
let dealId: string;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  studio = await startStudio();
  const { data } = await studio.server.gql<{ createOpportunity: { id: string } }>(
    'mutation { createOpportunity(data: { name: "Dated deal", closeDate: "2026-03-31" }) { id } }',
  );
  dealId = data!.createOpportunity.id;
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

/** Picks `text` in a long filterable select (its list is virtual: only options in view exist). */
async function search(select: string, text: string): Promise<void> {
  await page.click(`[data-test="${select}"]`);
  await page.keyboard.type(text);
  await page.locator('.n-base-select-option:visible', { hasText: text }).first().click();
}

afterAll(async () => {
  await studio?.close();
});

describe('workspace settings', () => {
  test('a picture that is not an accepted image is refused before upload', async () => {
    await page.click('[data-test="nav-workspace-settings"]');
    await page.setInputFiles('[data-test="settings-logo"]', { name: 'logo.gif', mimeType: 'image/gif', buffer: PNG });
    await expect(
      page.locator('[data-test="workspace-settings-page"] .n-form-item-feedback').first().textContent(),
    ).resolves.toContain('PNG, JPEG or WebP');
  });

  test('name, logo, currency, time zone and date format apply across the studio', async () => {
    await page.goto(`/o/opportunities/${dealId}`);
    await expect.poll(() => page.locator('body').textContent(), { timeout: 15_000 }).toContain('Mar 31, 2026');

    await page.click('[data-test="nav-workspace-settings"]');
    await fillIn(page, 'settings-name', 'Acme Sales');
    await page.setInputFiles('[data-test="settings-logo"]', { name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForSelector('[data-test="settings-logo-preview"]');
    await search('settings-currency', 'EUR');
    await search('settings-time-zone', 'Asia/Tokyo');
    await choose(page, page.locator('[data-test="settings-date-format"]'), 'DD/MM/YYYY');
    // 14:05 UTC is 23:05 in Tokyo.
    await expect(page.locator('[data-test="settings-preview"]').textContent()).resolves.toBe(
      'Shows as €1,234.50 · 31/03/2026 23:05',
    );
    await page.click('[data-test="settings-save"]');
    await expect
      .poll(() => page.locator('[data-test="workspace-name"]').textContent(), { timeout: 15_000 })
      .toBe('Acme Sales');
    await expect(page.locator('[data-test="workspace-logo"]').getAttribute('src')).resolves.toMatch(
      /^data:image\/png;base64,/,
    );
    await studio.screenshot(page, 'daily-settings');

    await page.goto(`/o/opportunities/${dealId}`);
    await expect.poll(() => page.locator('body').textContent(), { timeout: 15_000 }).toContain('31/03/2026');

    // Stored for the workspace: a new browser shows the same.
    const fresh = await studio.newSession();
    await studio.signIn(fresh.page);
    await fresh.page.goto(`/o/opportunities/${dealId}`);
    await expect.poll(() => fresh.page.locator('body').textContent(), { timeout: 15_000 }).toContain('31/03/2026');
    await expect
      .poll(() => fresh.page.locator('[data-test="workspace-name"]').textContent(), { timeout: 15_000 })
      .toBe('Acme Sales');
  });
});
