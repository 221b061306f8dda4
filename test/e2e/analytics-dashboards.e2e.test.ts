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

/** Adds a widget through the widget dialog. */
async function addWidget(title: string, kind: string, measure: string, group: string | null, field?: string) {
  await page.click('[data-test="widget-add"]');
  const form = page.locator('[data-test="widget-form"]');
  await fillIn(form, 'widget-title', title);
  await choose(page, form.locator('[data-test="widget-kind"]'), kind);
  await choose(page, form.locator('[data-test="widget-object"]'), 'Opportunities');
  await choose(page, form.locator('[data-test="widget-function"]'), measure);
  if (field) await choose(page, form.locator('[data-test="widget-measure-field"]'), field);
  if (group) await choose(page, form.locator('[data-test="widget-group"]'), group);
  await page.click('[data-test="widget-save"]');
  await form.waitFor({ state: 'detached' });
}

const pointsOf = async (id: string) =>
  JSON.parse((await page.locator(`[data-test="widget-chart-${id}"]`).getAttribute('data-points')) ?? '[]') as [
    string,
    number,
  ][];

describe('dashboards in the studio', () => {
  test('a dashboard of three widgets is built, drawn with the server’s numbers, narrowed and exported', async () => {
    const api = await studio.server.gql<{ opportunitiesAggregate: { group: { stage: string }; count: number }[] }>(
      '{ opportunitiesAggregate(groupBy: [{ stage: true }]) { group { stage } count } }',
    );
    const total = (api.data?.opportunitiesAggregate ?? []).reduce((n, row) => n + row.count, 0);
    const won = api.data?.opportunitiesAggregate.find((r) => r.group.stage === 'CLOSED_WON')?.count;

    await page.click('[data-test="nav-dashboards"]');
    await page.locator('[data-test="dashboards-page"]').waitFor();
    await fillIn(page, 'dashboard-new-label', 'Sales');
    await page.click('[data-test="dashboard-create"]');
    await page.locator('[data-test="widget-add"]').waitFor();

    await addWidget('Deals', 'Number', 'Count of records', null);
    await addWidget('Deals by stage', 'Bar', 'Count of records', 'Stage');
    await addWidget('Amount by stage', 'Funnel', 'Sum', 'Stage', 'Amount');
    const widgets = page.locator('[data-test="dashboard-grid"] article');
    await expect.poll(() => widgets.count(), WAIT).toBe(3);
    await page.locator('[data-test="dashboard-grid"] canvas').first().waitFor();
    await studio.screenshot(page, '65-dashboard');

    const ids = await widgets.evaluateAll((nodes) =>
      nodes.map((n) => n.getAttribute('data-test')?.replace('widget-', '')),
    );
    const [number, bar] = ids as string[];
    expect(await page.locator(`[data-test="widget-${number}"] [data-test="widget-number"]`).textContent()).toBe(
      new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(total),
    );
    const byStage = await pointsOf(bar as string);
    expect(byStage.map(([label]) => label)).toEqual([
      'New',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Closed won',
      'Closed lost',
    ]);
    expect(byStage.find(([label]) => label === 'Closed won')?.[1]).toBe(won);

    // Drill down from the won bar to the records behind it (the chart's data list, as a click on the bar does).
    await page.locator(`[data-test="widget-${bar}"] details summary`).click();
    await page.locator(`[data-test="widget-point-${bar}"]`, { hasText: 'Closed won' }).click();
    await expect
      .poll(() => page.locator('[data-test="drill-total"]').textContent(), WAIT)
      .toContain(`${won} record(s)`);
    expect(await page.locator('[data-test="drill-row"]').count()).toBe(Math.min(won ?? 0, 50));
    await studio.screenshot(page, '68-dashboard-drill-down');
    await page.keyboard.press('Escape');
    await page.locator('[data-test="drill-total"]').waitFor({ state: 'detached' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`[data-test="widget-export-${bar}"]`),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('stage,count');
    expect(lines).toContain(`Closed won,${won}`);

    // A dashboard-wide segment narrows the widgets over its object.
    const segment = await studio.server.metadataGql<{ createSegment: { id: string } }>(
      'mutation { createSegment(input: { object: "opportunity", name: "won", label: "Won", filter: { stage: { eq: "CLOSED_WON" } } }) { id } }',
    );
    expect(segment.errors).toBeUndefined();
    await page.reload();
    await choose(page, page.locator('[data-test="dashboard-segment"]'), 'Won');
    await expect
      .poll(async () => (await pointsOf(bar as string)).map(([label]) => label), WAIT)
      .toEqual(['Closed won']);
    await studio.screenshot(page, '66-dashboard-segment');
  });

  test('the builder resizes a widget by its corner and moves one by its header, with real mouse drags', async () => {
    const widget = (id: string, kind: string, layout: Record<string, number>) => ({
      id,
      title: `W ${id}`,
      kind,
      object: 'opportunity',
      measure: { function: 'COUNT' },
      groupBy: kind === 'NUMBER' ? null : { field: 'stage' },
      layout,
    });
    const created = await studio.server.metadataGql<{ createDashboard: { id: string } }>(
      'mutation($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }',
      {
        input: {
          name: 'builder',
          label: 'Builder',
          widgets: [
            widget('a', 'NUMBER', { x: 0, y: 0, w: 4, h: 2 }),
            widget('b', 'BAR', { x: 4, y: 0, w: 4, h: 3 }),
            widget('c', 'PIE', { x: 8, y: 0, w: 4, h: 3 }),
          ],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const layouts = async () => {
      const data = await studio.server.metadataGql<{
        dashboards: { name: string; widgets: { id: string; layout: Record<string, number> }[] }[];
      }>('{ dashboards { name widgets } }');
      const builder = data.data?.dashboards.find((d) => d.name === 'builder');
      return (builder?.widgets ?? []).map((w) => ({ id: w.id, ...w.layout }));
    };
    await page.goto('/dashboards');
    await choose(page, page.locator('[data-test="dashboard-pick"]'), 'Builder');
    const grid = page.locator('[data-test="dashboard-grid"]');
    await grid.locator('[data-test="widget-c"]').waitFor(WAIT);

    // Resize: the corner of b, dragged two columns right and one row down.
    const box = await grid.boundingBox();
    const handle = await page.locator('[data-test="widget-resize-b"]').boundingBox();
    if (!box || !handle) throw new Error('the grid or the resize handle is not visible');
    const column = (box.width - 11 * 12) / 12 + 12;
    const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + column, start.y + 50, { steps: 8 });
    await page.mouse.move(start.x + 2 * column, start.y + 102, { steps: 8 });
    await page.mouse.up();
    await expect.poll(layouts, WAIT).toEqual([
      { id: 'a', x: 0, y: 0, w: 4, h: 2 },
      { id: 'b', x: 4, y: 0, w: 6, h: 4 },
      { id: 'c', x: 0, y: 2, w: 4, h: 3 },
    ]);

    // Move: c's header dragged onto a puts c first; the saved x/y say where the grid now draws each.
    await expect.poll(() => grid.locator('[data-test="widget-b"]').getAttribute('style'), WAIT).toContain('span 6');
    const from = await page.locator('[data-test="widget-c"] header h3').boundingBox();
    const to = await page.locator('[data-test="widget-a"]').boundingBox();
    if (!from || !to) throw new Error('the widgets are not visible');
    await page.mouse.move(from.x + 5, from.y + 5);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 20, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
    const moved = [
      { id: 'c', x: 0, y: 0, w: 4, h: 3 },
      { id: 'a', x: 4, y: 0, w: 4, h: 2 },
      { id: 'b', x: 4, y: 2, w: 6, h: 4 },
    ];
    await expect.poll(layouts, WAIT).toEqual(moved);
    await page.reload();
    await choose(page, page.locator('[data-test="dashboard-pick"]'), 'Builder');
    await grid.locator('[data-test="widget-c"]').waitFor(WAIT);
    const order = await grid.locator('article').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-test')));
    expect(order).toEqual(['widget-c', 'widget-a', 'widget-b']);
    expect(await layouts()).toEqual(moved);
    await studio.screenshot(page, '69-dashboard-builder-drag');
  });

  test('the dashboard reads at 390 px', async () => {
    const phone = (await studio.newSession({ width: 390, height: 844 })).page;
    await studio.signIn(phone);
    await phone.goto('/dashboards');
    await phone.locator('[data-test="dashboard-grid"] canvas').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await studio.screenshot(phone, '67-dashboard-390');
  });
});
