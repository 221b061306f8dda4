import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose } from './support/ui';

/**
 * The pipeline board on the demo workspace: cards show the fields the user picks, each column
 * has a second total computed by the database (a weighted-amount formula), and a card is added
 * in a column by typing its name.
 */
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  ({ page } = await studio.newSession());
  await studio.signIn(page);
  const formula = await studio.server.metadataGql(
    `mutation { createField(object: "opportunity", input: { name: "weighted", label: "Weighted", type: FORMULA,
      formula: { expression: "amount * probability / 100", resultType: NUMBER } }) { applied } }`,
  );
  if (formula.errors) throw new Error(JSON.stringify(formula.errors));
});
afterAll(async () => {
  await studio?.close();
});

/** The database's own totals per stage, for the columns to be checked against. */
async function totalsByStage(): Promise<Map<string, { count: number; weighted: number }>> {
  const { data } = await studio.server.gql<{
    groups: { group: { stage: string }; count: number; sum: { weighted: number | null } }[];
  }>('{ groups: opportunitiesAggregate(groupBy: [{ stage: true }]) { group { stage } count sum { weighted } } }');
  return new Map(data!.groups.map((g) => [g.group.stage, { count: g.count, weighted: g.sum.weighted ?? 0 }]));
}

describe('the pipeline board', () => {
  test('cards show the chosen fields; each column totals a weighted amount; a card is added by typing', async () => {
    await page.goto('/o/opportunities');
    await page.click('[data-test="view-kanban"]');
    await page.waitForSelector('[data-test="kanban"] [data-test="kanban-card"]');

    await page.click('[data-test="board-options"]');
    await choose(page, page.locator('[data-test="weight-field"]'), 'Weighted');
    await choose(page, page.locator('[data-test="card-fields"]'), 'Close date');
    await choose(page, page.locator('[data-test="card-fields"]'), 'Probability (%)');
    // A multiple select stays open after a pick: the first Escape closes its menu, the second the popover.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    const firstCard = page.locator('[data-test="column-NEW"] [data-test="kanban-card"]').first();
    await expect.poll(() => firstCard.locator('dt').allTextContents()).toEqual(['Close date', 'Probability (%)']);

    const totals = await totalsByStage();
    const weighted = page.locator('[data-test="column-NEW"] [data-test="column-weighted"]');
    const compact = new Intl.NumberFormat('en-US', { notation: 'compact' }).format(totals.get('NEW')!.weighted);
    await expect.poll(() => weighted.textContent()).toContain(compact);
    await studio.screenshot(page, '50-board-card-fields-weighted');

    const column = page.locator('[data-test="column-QUALIFIED"]');
    await column.locator('[data-test="quick-add"]').click();
    await column.locator('[data-test="quick-add-input"] input').fill('Quick add deal');
    await column.locator('[data-test="quick-add-input"] input').press('Enter');
    await column.locator('[data-test="kanban-card"]', { hasText: 'Quick add deal' }).waitFor();
    const { data } = await studio.server.gql<{ opportunities: { nodes: { stage: string }[] } }>(
      '{ opportunities(filter: { name: { eq: "Quick add deal" } }) { nodes { stage } } }',
    );
    expect(data!.opportunities.nodes).toEqual([{ stage: 'QUALIFIED' }]);
    await expect
      .poll(() => column.locator('[data-test="column-count"]').textContent())
      .toBe(String(totals.get('QUALIFIED')!.count + 1));

    // The choices are part of the working view: they survive a reload.
    await page.reload();
    await page.waitForSelector('[data-test="column-NEW"] [data-test="kanban-card"]');
    await expect
      .poll(() => page.locator('[data-test="column-NEW"] [data-test="kanban-card"] dt').first().textContent())
      .toBe('Close date');
  });
});
