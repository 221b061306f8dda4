import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locator, Page } from '../../studio/e2e/chromium';
import { seedWidgetData, WIDGET_MODEL, WIDGETS } from '../analytics/analytics-fixture';
import { type AnalyticsWorld, buildAnalyticsWorld } from '../analytics/analytics-world';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { fillIn } from './support/ui';

// The analytical blocks in the studio: an RFM model configured on the Scoring page over the shop
// fixture (customers, orders) and run, then a dashboard of a funnel from history, cohorts, basket
// pairs and a forecast drawn with the server's numbers.

const WAIT = { timeout: 15_000 };
let studio: StudioHarness;
let world: AnalyticsWorld;
let page: Page;

beforeAll(async () => {
  studio = await startStudio({ seedDemo: false, workspace: 'shop' });
  world = await buildAnalyticsWorld(studio.server, WIDGET_MODEL);
  await seedWidgetData(world);
  page = (await studio.newSession()).page;
  await studio.signIn(page);
});
afterAll(() => studio?.close());

/**
 * Picks the option labelled exactly `label` in the newest open menu: the shared `choose` matches by
 * substring ("Customer" in "Customers") and may find the menu of the previous pick still fading out.
 */
async function pick(select: Locator, label: string): Promise<void> {
  await select.click();
  await page.locator('.n-base-select-menu .n-base-select-option').getByText(label, { exact: true }).last().click();
}

describe('analytical blocks in the studio', () => {
  test('an RFM model is configured and run on the Scoring page; its scores land on the customers', async () => {
    await page.goto('/admin/scoring');
    const form = page.locator('[data-test="rfm-form"]');
    await form.waitFor();
    await fillIn(form, 'rfm-label', 'Customer RFM');
    await pick(form.locator('[data-test="rfm-object"]'), 'Customers');
    await pick(form.locator('[data-test="rfm-related"]'), 'Orders');
    await pick(form.locator('[data-test="rfm-relation"]'), 'Customer');
    await pick(form.locator('[data-test="rfm-date"]'), 'Placed at');
    await pick(form.locator('[data-test="rfm-amount"]'), 'Total');
    await page.click('[data-test="rfm-create"]');
    const row = page.locator('[data-test="scoring-model-customerRfm"]');
    await row.waitFor(WAIT);
    await expect
      .poll(() => page.locator('[data-test="scoring-last-run"]').textContent(), WAIT)
      .toMatch(/scored, 10 changed/);
    await page.click('[data-test="scoring-run-customerRfm"]');
    await expect
      .poll(() => page.locator('[data-test="scoring-last-run"]').textContent(), WAIT)
      .toMatch(/scored, 0 changed/);
    await studio.screenshot(page, '80-scoring-rfm');
    const scored = await world.data<{ customers: { edges: { node: { name: string; rfmSegment: string | null } }[] } }>(
      '{ customers(filter: { rfmSegment: { eq: CHAMPIONS } }) { edges { node { name rfmSegment } } } }',
    );
    expect(scored.customers.edges.map((e) => e.node.name).sort()).toEqual(['c8', 'c9']);
  });

  test('the funnel, cohort, basket and forecast widgets render the server’s numbers', async () => {
    await world.meta('mutation($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }', {
      input: { name: 'analytics', label: 'Analytics', widgets: WIDGETS },
    });
    await page.goto('/dashboards');
    await page.locator('[data-test="analysis-funnel"]').waitFor(WAIT);
    expect(await page.locator('[data-test="funnel-step-NEW"]').textContent()).toMatch(/New: 4 · median 2 d/);
    expect(await page.locator('[data-test="funnel-step-QUALIFIED"]').textContent()).toMatch(/Qualified: 3/);
    const cohorts = page.locator('[data-test="cohort-table"] tbody tr');
    await expect.poll(() => cohorts.count(), WAIT).toBe(2);
    expect(await cohorts.first().textContent()).toMatch(/2026-01\s*2\s*100%\s*50%\s*100%/);
    expect(await page.locator('[data-test="basket-table"] tbody tr').count()).toBe(3);
    await page.locator('[data-test="analysis-forecast"] canvas').waitFor(WAIT);
    await page.locator('[data-test="analysis-funnel"] canvas').waitFor(WAIT);
    // The KPI against the previous period (hand-computed in analytics-widgets.test.ts: 17 vs 19).
    expect(await page.locator('[data-test="widget-orders"] [data-test="widget-delta"]').textContent()).toMatch(/▼ -2/);
    await studio.screenshot(page, '81-analytics-blocks');
  });
  test('editing the RFM model on the Scoring page rescores the customers at once', async () => {
    await page.goto('/admin/scoring');
    await page.click('[data-test="scoring-edit-customerRfm"]');
    const form = page.locator('[data-test="scoring-edit"] [data-test="rfm-form"]');
    await form.waitFor();
    // 55 days: only c5..c9 (latest orders 50..10 days ago) keep scores; c0..c4 lose theirs.
    await fillIn(form, 'rfm-window', '55');
    await form.locator('[data-test="rfm-save"]').click();
    await form.waitFor({ state: 'detached', ...WAIT });
    await expect
      .poll(() => page.locator('[data-test="scoring-last-run"]').textContent(), WAIT)
      .toMatch(/scored, [1-9]\d* changed/);
    const scored = await world.data<{ customers: { totalCount: number } }>(
      '{ customers(filter: { rfmRecency: { isNull: false } }) { totalCount } }',
    );
    expect(scored.customers.totalCount).toBe(5);
    const models = await world.meta<{ scoringModels: { definition: { windowDays: number } }[] }>(
      '{ scoringModels { definition } }',
    );
    expect(models.scoringModels[0]?.definition.windowDays).toBe(55);
  });

  test('the widget dialog creates and edits analytical widgets, errors under their picker', async () => {
    await page.goto('/dashboards');
    await fillIn(page, 'dashboard-new-label', 'Built by hand');
    await page.click('[data-test="dashboard-create"]');
    await page.locator('[data-test="widget-add"]').waitFor(WAIT);
    const grid = page.locator('[data-test="dashboard-grid"]');
    await expect.poll(() => grid.locator('article').count(), WAIT).toBe(0);

    await page.click('[data-test="widget-add"]');
    const form = page.locator('[data-test="widget-form"]');
    await fillIn(form, 'widget-title', 'Cohorts by hand');
    await pick(form.locator('[data-test="widget-kind"]'), 'Cohorts by month created');
    await pick(form.locator('[data-test="widget-object"]'), 'Customers');
    await page.click('[data-test="widget-save"]');
    const relatedItem = form.locator('.n-form-item', { has: page.locator('[data-test="analysis-related"]') });
    await expect.poll(() => relatedItem.locator('.n-form-item-feedback').textContent(), WAIT).toBe('Choose one.');
    await pick(form.locator('[data-test="analysis-related"]'), 'Orders');
    await pick(form.locator('[data-test="analysis-relation"]'), 'Customer');
    await pick(form.locator('[data-test="analysis-date"]'), 'Invoice date');
    await form.locator('[data-test="analysis-months"] input').fill('2');
    await page.click('[data-test="widget-save"]');
    await form.waitFor({ state: 'detached', ...WAIT });

    await page.click('[data-test="widget-add"]');
    await fillIn(form, 'widget-title', 'Pairs by hand');
    await pick(form.locator('[data-test="widget-kind"]'), 'Basket analysis (bought together)');
    await pick(form.locator('[data-test="widget-object"]'), 'Order lines');
    await pick(form.locator('[data-test="analysis-order"]'), 'Order');
    await pick(form.locator('[data-test="analysis-product"]'), 'Product');
    await page.click('[data-test="widget-save"]');
    await form.waitFor({ state: 'detached', ...WAIT });

    // Drawn with the server's numbers (the same as the API-made dashboard above).
    const cohorts = grid.locator('[data-test="cohort-table"]');
    await expect.poll(() => cohorts.locator('tbody tr').count(), WAIT).toBe(2);
    expect(await cohorts.locator('tbody tr').first().textContent()).toMatch(/2026-01\s*2\s*100%\s*50%\s*100%/);
    await expect.poll(() => grid.locator('[data-test="basket-table"] tbody tr').count(), WAIT).toBe(3);
    await studio.screenshot(page, '82-analytical-widgets-dialog');

    // Editing reopens the pickers with the saved choices; one more month is one more column.
    await page.getByRole('button', { name: 'Edit Cohorts by hand' }).click();
    await form.waitFor();
    expect(await form.locator('[data-test="analysis-date"]').textContent()).toContain('Invoice date');
    await form.locator('[data-test="analysis-months"] input').fill('3');
    await page.click('[data-test="widget-save"]');
    await form.waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => cohorts.locator('thead th').count(), WAIT).toBe(6);
    const saved = await world.meta<{
      dashboards: { label: string; widgets: { kind: string; definition: { analysis: unknown } }[] }[];
    }>('{ dashboards { label widgets } }');
    const built = saved.dashboards.find((d) => d.label === 'Built by hand');
    expect(built?.widgets.map((w) => w.kind)).toEqual(['COHORT', 'BASKET']);
    expect(built?.widgets[0]?.definition.analysis).toMatchObject({
      related: { object: 'order', date: 'invoiceDate' },
      months: 3,
    });
  });
});
