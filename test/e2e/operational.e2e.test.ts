import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { installOperational } from '../templates/operational-kit';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * The operational template in the studio on its seed data (the screenshots of its README): the
 * opportunity pipeline board, the sales and service dashboards, a quote with its lines.
 */
let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio({ seedDemo: false, activities: true, workspace: 'operational', worker: true });
  const install = await installOperational(studio.server);
  if (install.at(-1)?.status !== 'DONE') throw new Error(`install: ${JSON.stringify(install.at(-1))}`);
  ({ page } = await studio.newSession({ width: 1440, height: 900 }));
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
});

describe('the operational template in the studio', () => {
  test('the opportunity board groups the seed pipeline by stage', async () => {
    await page.goto('/o/opportunities');
    await page.click('[data-test="view-kanban"]');
    await page.locator('[data-test="column-NEGOTIATION"] [data-test="kanban-card"]').first().waitFor();
    expect(await page.locator('[data-test="column-PROSPECTING"] [data-test="kanban-card"]').count()).toBeGreaterThan(0);
    await studio.screenshot(page, 'operational-pipeline');
  });

  test('the sales and service dashboards show their widgets', async () => {
    await page.goto('/dashboards');
    await page.click('[data-test="dashboard-pick"]');
    await page.locator('.n-base-select-option', { hasText: /^Sales$/ }).click();
    await page.locator('[data-test="widget-won-this-quarter"]').waitFor();
    await page.locator('[data-test="widget-forecast"] canvas').waitFor();
    await studio.screenshot(page, 'operational-sales-dashboard');
    await page.click('[data-test="dashboard-pick"]');
    await page.locator('.n-base-select-option', { hasText: /^Service$/ }).click();
    await page.locator('[data-test="widget-open-by-priority"] canvas').waitFor();
    await studio.screenshot(page, 'operational-service-dashboard');
  });

  test('a quote shows its lines and their total', async () => {
    const result = await studio.server.gql<{ quotes: { edges: { node: { id: string } }[] } }>(
      '{ quotes(filter: { number: { eq: "Q-2026-0101" } }) { edges { node { id } } } }',
    );
    const id = result.data?.quotes.edges[0]?.node.id;
    if (!id) throw new Error(JSON.stringify(result.errors));
    await page.goto(`/o/quotes/${id}`);
    await page.getByText('Q-2026-0101').first().waitFor();
    await studio.screenshot(page, 'operational-quote');
  });

  test('"Convert lead" on a lead page makes its account, contact and opportunity and marks it converted', async () => {
    const created = await studio.server.gql<{ createLead: { id: string } }>(
      `mutation { createLead(data: { firstName: "Iris", lastName: "Vale", email: "iris@valeworks.example",
        company: "Vale Works", opportunityName: "Vale Works - rollout" }) { id } }`,
    );
    const id = created.data?.createLead.id;
    if (!id) throw new Error(JSON.stringify(created.errors));
    await page.goto(`/o/leads/${id}`);
    await page.click('[data-test="run-workflow"]');
    await page.locator('.n-dropdown-option', { hasText: 'Convert lead' }).click();
    const converted = async () => {
      const { data } = await studio.server.gql<{
        lead: {
          status: string;
          convertedAccount: { name: string } | null;
          convertedOpportunity: { name: string } | null;
        };
      }>('query($id: ID!) { lead(id: $id) { status convertedAccount { name } convertedOpportunity { name } } }', {
        id,
      });
      return data?.lead;
    };
    await expect.poll(converted, { timeout: 60_000 }).toEqual({
      status: 'CONVERTED',
      convertedAccount: { name: 'Vale Works' },
      convertedOpportunity: { name: 'Vale Works - rollout' },
    });
    await page.reload();
    await page.getByText('Vale Works - rollout').first().waitFor();
    await studio.screenshot(page, 'operational-lead-converted');
  });
});
