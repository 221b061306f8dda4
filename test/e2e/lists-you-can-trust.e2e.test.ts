import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose } from './support/ui';

/**
 * Bulk actions act on exactly what the user chose: the checked rows still in view, or, after
 * "Select all N matching", every record of the filtered set (more than one page of ids and
 * many write chunks here), confirmed with N.
 */
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio({ demoCounts: { companies: 200, people: 400, opportunities: 3_000 } });
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

const view = (stage: string) =>
  encodeURIComponent(
    JSON.stringify({
      type: 'table',
      columns: ['name', 'stage', 'amount'],
      sort: [],
      filter: {
        kind: 'group',
        id: 1,
        conjunction: 'and',
        items: [{ kind: 'condition', id: 2, field: 'stage', operator: 'eq', value: stage }],
      },
      groupBy: 'stage',
      sumField: null,
      viewId: null,
    }),
  );

async function countIn(stage: string): Promise<number> {
  const { data } = await studio.server.gql<{ opportunities: { totalCount: number } }>(
    `{ opportunities(filter: { stage: { eq: ${stage} } }) { totalCount } }`,
  );
  return data!.opportunities.totalCount;
}

async function openStage(stage: string): Promise<void> {
  await page.goto(`/o/opportunities?view=${view(stage)}`);
  await page.waitForSelector('[data-test="record-link"]');
}

const rowBoxes = () => page.locator('[data-test="record-table"] [data-test="row-check"]');
const bar = () => page.locator('[data-test="bulk-bar"]');

async function setStage(label: string): Promise<void> {
  await page.click('[data-test="bulk-edit"]');
  await choose(page, page.locator('.n-popover:visible .n-base-selection').first(), 'Stage');
  await choose(page, page.locator('.n-popover:visible .n-base-selection').nth(1), label);
  await page.click('[data-test="bulk-apply"]');
}

describe('bulk selection', () => {
  test('"select all N matching" edits the whole filtered set after a confirmation stating N', async () => {
    const matching = await countIn('NEW');
    const qualifiedBefore = await countIn('QUALIFIED');
    expect(matching).toBeGreaterThan(500); // more than one page of ids, many write chunks
    await openStage('NEW');
    await page.locator('[data-test="record-table"] [data-test="check-all"]').click();
    await bar().waitFor();
    await page.click('[data-test="select-all-matching"]');
    await expect
      .poll(() => page.locator('[data-test="bulk-all"]').textContent())
      .toBe(`All ${matching.toLocaleString('en-US')} matching selected`);
    await setStage('Qualified');
    const dialog = page.locator('.n-dialog');
    await expect
      .poll(() => dialog.locator('.n-dialog__title').textContent())
      .toContain(`Edit all ${matching.toLocaleString('en-US')} matching opportunities?`);
    await studio.screenshot(page, 'bulk-select-all-confirm');
    await dialog.locator('.n-dialog__action .n-button').last().click();
    await expect.poll(() => countIn('NEW'), { timeout: 60_000 }).toBe(0);
    expect(await countIn('QUALIFIED')).toBe(qualifiedBefore + matching);
    await expect.poll(() => bar().count()).toBe(0);
  });

  test('after a bulk edit the selection holds only the records still in view', async () => {
    await openStage('PROPOSAL');
    await rowBoxes().nth(0).click();
    await rowBoxes().nth(1).click();
    await expect.poll(() => bar().textContent()).toContain('2 selected');
    await page.click('[data-test="bulk-edit"]');
    await choose(page, page.locator('.n-popover:visible .n-base-selection').first(), 'Amount');
    await page.locator('#bulk-amount').fill('1234');
    await page.click('[data-test="bulk-apply"]');
    // Still matching the filter: still selected.
    await expect
      .poll(() => page.locator('[data-test="record-table"] [data-test="table-body"]').textContent())
      .toContain('1,234');
    await expect.poll(() => bar().textContent()).toContain('2 selected');
    // Moved out of the filter: gone from the view, so gone from the selection.
    await setStage('Negotiation');
    await expect.poll(() => bar().count()).toBe(0);
  });

  test('"select all N matching" deletes the whole filtered set, confirming N', async () => {
    const matching = await countIn('CLOSED_LOST');
    expect(matching).toBeGreaterThan(50);
    const allBefore = (
      await studio.server.gql<{ opportunities: { totalCount: number } }>('{ opportunities { totalCount } }')
    ).data!.opportunities.totalCount;
    await openStage('CLOSED_LOST');
    await page.locator('[data-test="record-table"] [data-test="check-all"]').click();
    await page.click('[data-test="select-all-matching"]');
    await page.click('[data-test="bulk-delete"]');
    const dialog = page.locator('.n-dialog');
    await expect
      .poll(() => dialog.locator('.n-dialog__title').textContent())
      .toBe(`Delete all ${matching.toLocaleString('en-US')} matching opportunities?`);
    await dialog.locator('.n-dialog__action .n-button').last().click();
    await expect.poll(() => countIn('CLOSED_LOST'), { timeout: 60_000 }).toBe(0);
    const after = (
      await studio.server.gql<{ opportunities: { totalCount: number } }>('{ opportunities { totalCount } }')
    ).data!.opportunities.totalCount;
    expect(after).toBe(allBefore - matching);
  });
});

describe('record forms', () => {
  test('a date typed wrong says so on its field, and a valid one clears it', async () => {
    await page.goto('/o/opportunities?new=1');
    const form = page.locator('[data-test="record-form"]');
    await form.waitFor();
    const closeDate = form.locator('.date', { has: page.locator('.n-date-picker') }).first();
    const input = closeDate.locator('input').first();
    await input.fill('2026-02-31');
    await input.press('Tab');
    await expect
      .poll(() => closeDate.locator('[data-test="date-problem"]').textContent())
      .toBe('“2026-02-31” is not a valid date: type it as YYYY-MM-DD.');
    await studio.screenshot(page, 'date-typed-wrong');
    await input.fill('2026-03-15');
    await input.press('Tab');
    await expect.poll(() => closeDate.locator('[data-test="date-problem"]').count()).toBe(0);
    await expect.poll(() => input.inputValue()).toBe('2026-03-15');
  });
});
