import { fileURLToPath } from 'node:url';
import { markTemplateChoicePending } from '@relata/core';
import { buildPlugin } from '@relata/plugin-sdk/build';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * Issue 15's "done": a new user picks any of the three shipped CRMs (examples/) at first start
 * and uses it at once. Each pick installs the template into its own workspace through the
 * "Choose your CRM" screen, lands there, and lists the template's seed records.
 */
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  // The templates' plugins install from their built folders, as `pnpm start` builds them.
  for (const name of ['sla-timer', 'sms-sender']) {
    await buildPlugin(fileURLToPath(new URL(`../../plugins/${name}`, import.meta.url)));
  }
  studio = await startStudio({ worker: true });
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
});

/** Back in demo with the choice on offer again, as on a fresh installation. */
async function freshFirstStart(): Promise<void> {
  await markTemplateChoicePending(studio.server.database.opened.db, studio.server.workspace.id);
  if ((await page.locator('[data-test="workspace-name"]').textContent()) !== 'Test demo') {
    await page.click('[data-test="workspace-menu"]');
    await Promise.all([page.waitForEvent('load'), page.click('[data-test="switch-workspace-demo"]')]);
  } else await page.reload();
  await page.locator('[data-test="first-start-choice"]').waitFor();
}

const SHIPPED = [
  { name: 'operational', title: 'Operational CRM', object: 'leads' },
  { name: 'collaborative', title: 'Collaborative CRM', object: 'cases' },
  { name: 'analytical', title: 'Analytical CRM', object: 'orders' },
] as const;

describe('the shipped CRMs at first start', () => {
  for (const crm of SHIPPED) {
    test(`${crm.title}: picked, installed with progress, opened with its records`, async () => {
      await freshFirstStart();
      const choice = page.locator('[data-test="first-start-choice"]');
      for (const other of SHIPPED) await choice.locator(`[data-test="template-${other.name}"]`).waitFor();
      if (crm.name === 'operational') await studio.screenshot(page, 'first-start-choice-shipped');
      await choice.locator(`[data-test="choose-template-${crm.name}"]`).click();
      await choice.locator('[data-test="template-progress"]').waitFor();
      await page.waitForSelector(`[data-test="nav-${crm.object}"]`, { timeout: 240_000 });
      await expect.poll(() => page.locator('[data-test="workspace-name"]').textContent()).toBe(crm.title);
      await page.click(`[data-test="nav-${crm.object}"]`);
      await expect.poll(() => page.locator('[data-test="table-row"]').count()).toBeGreaterThan(0);
      await studio.screenshot(page, `first-start-${crm.name}`);
    }, 300_000);
  }
});
