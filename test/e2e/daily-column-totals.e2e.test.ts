import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

/** The table's footer totals numeric columns over the whole filtered set, as the database sums it. */
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

const money = (n: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(n);

describe('column totals', () => {
  test('sum and average of the amount over the filtered set, not the loaded page', async () => {
    const filter = (stage: string) => ({
      kind: 'group',
      id: 1,
      conjunction: 'and',
      items: [{ kind: 'condition', id: 2, field: 'stage', operator: 'eq', value: stage }],
    });
    const view = (stage: string) =>
      encodeURIComponent(
        JSON.stringify({
          type: 'table',
          columns: ['name', 'amount'],
          sort: [],
          filter: filter(stage),
          groupBy: 'stage',
          sumField: 'amount',
          viewId: null,
        }),
      );
    const expected = async (stage: string) => {
      const { data } = await studio.server.gql<{
        opportunitiesAggregate: { count: number; sum: { amount: number }; avg: { amount: number } }[];
      }>(`{ opportunitiesAggregate(filter: { stage: { eq: ${stage} } }) { count sum { amount } avg { amount } } }`);
      const row = data!.opportunitiesAggregate[0]!;
      expect(row.count).toBeGreaterThan(50); // more than one page: the totals cannot come from loaded rows
      return `Σ ${money(row.sum.amount)} · avg ${money(row.avg.amount)}`;
    };

    await page.goto(`/o/opportunities?view=${view('PROPOSAL')}`);
    const total = page.locator('[data-test="total-amount"]');
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe(await expected('PROPOSAL'));
    await studio.screenshot(page, 'daily-column-totals');

    await page.goto(`/o/opportunities?view=${view('NEW')}`);
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe(await expected('NEW'));
  });
});
