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
});
