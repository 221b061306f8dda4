import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose, fillIn } from './support/ui';

// The UI waits for the server (a dry run, a count): give it the harness' own patience.
const WAIT = { timeout: 15_000 };

let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  page = (await studio.newSession()).page;
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

/** How many won deals the demo holds, as the API counts them. */
async function wonDeals(): Promise<number> {
  const result = await studio.server.gql<{ opportunitiesAggregate: { count: number }[] }>(
    '{ opportunitiesAggregate(filter: { stage: { in: [CLOSED_WON] } }) { count } }',
  );
  return result.data?.opportunitiesAggregate[0]?.count ?? -1;
}

describe('segments in the studio', () => {
  test('a segment is built with the filter builder, counted, listed and exported', async () => {
    const expected = await wonDeals();
    expect(expected).toBeGreaterThan(0);
    await page.click('[data-test="nav-segments"]');
    await page.locator('[data-test="segments-page"]').waitFor();
    await page.click('[data-test="new-segment"]');
    const form = page.locator('[data-test="segment-form"]');
    await choose(page, form.locator('[data-test="segment-object"]'), 'Opportunities');
    await fillIn(form, 'segment-label', 'Won deals');
    await form.locator('[data-test="add-condition"]').click();
    const condition = form.locator('[data-test="filter-condition"]').first();
    await choose(page, condition.locator('[data-test="filter-field"]'), 'Stage');
    await choose(page, condition.locator('[data-test="filter-value"] .n-base-selection'), 'Closed won');
    await form.locator('text=Description').click();
    await studio.screenshot(page, '63-segment-editor');
    await page.click('[data-test="segment-save"]');

    await expect
      .poll(() => page.locator('[data-test="segment-count-wonDeals"]').textContent(), WAIT)
      .toBe(String(expected));
    await page.click('[data-test="segment-wonDeals"]');
    await expect
      .poll(() => page.locator('[data-test="segment-members-total"]').textContent(), WAIT)
      .toContain(`${expected} member(s)`);
    expect(await page.locator('[data-test="segment-member"]').count()).toBe(Math.min(expected, 50));
    await studio.screenshot(page, '64-segment-members');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="segment-export"]')]);
    const lines = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.length - 1).toBe(expected);

    // A new won deal is a member at once: nothing is stored per member.
    await studio.server.gql('mutation { createOpportunity(data: { name: "Fresh win", stage: CLOSED_WON }) { id } }');
    await page.reload();
    await expect
      .poll(() => page.locator('[data-test="segment-count-wonDeals"]').textContent(), WAIT)
      .toBe(String(expected + 1));
  });
});
