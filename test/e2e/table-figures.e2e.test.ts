import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { SCREENSHOTS, type StudioHarness, startStudio } from './support/studio-harness';
import { firstRows, loadRows, scrollFigures } from './support/table-figures';

/**
 * Figures of the list a sales team lives in, on 50k opportunities: how long the first rows of the
 * table take on a warm server, and how many frames run over 16.7 ms while 1,000 loaded rows are
 * scrolled. Reported (printed and written to screenshots/table-figures.json), never asserted as
 * times: they depend on the machine.
 */
let studio: StudioHarness;
let page: Page;
const OPPORTUNITIES = 50_000;

beforeAll(async () => {
  studio = await startStudio({ demoCounts: { companies: 2_000, people: 5_000, opportunities: OPPORTUNITIES } });
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
});

const ROW = '[data-test="record-table"] [data-test="table-row"]';

describe('list figures on 50k opportunities', () => {
  test('first rows on a warm server, and frames over 16.7 ms scrolling 1,000 rows', async () => {
    await firstRows(page, '/o/opportunities'); // warms the server's schema, statement and studio caches
    const runs = [
      await firstRows(page, '/o/opportunities'),
      await firstRows(page, '/o/opportunities'),
      await firstRows(page, '/o/opportunities'),
    ].sort((a, b) => a.ms - b.ms);
    console.log(
      `table first rows (ms, best/median/worst): ${runs.map((r) => r.ms).join('/')}, load ${loadavg().map((n) => n.toFixed(2))}`,
    );

    await loadRows(page, 1000);
    await expect(page.locator('[data-test="count"]').textContent()).resolves.toMatch(/^1,000 of 50,000/);
    const scroll = await scrollFigures(page);
    expect(scroll.table.frames).toBeGreaterThan(50);
    const figures = {
      rows: OPPORTUNITIES,
      // The machine's 1/5/15-minute load when measured: frames depend on what else runs.
      loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
      firstRowsMs: { best: runs[0]!.ms, median: runs[1]!.ms, worst: runs[2]!.ms },
      // What the median load waited for: scripts, styles and API requests, ms since navigation.
      firstRowsRequests: runs[1]!.requests,
      scroll: { ...scroll, over16msBeyondPlainList: scroll.table.over16ms - scroll.plainList.over16ms },
    };
    console.log(`table figures: ${JSON.stringify(figures)}`);
    writeFileSync(`${SCREENSHOTS}/table-figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
    await studio.screenshot(page, '60-table-1000-rows-scrolled');
    // A cell opens the table's one editor beneath it, and saves that field of that row (last: the
    // change's live event reloads the list).
    const row = page.locator(ROW, {
      has: page.locator('[data-test="record-link"]'),
    });
    const id = (await row.first().locator('[data-test="record-link"]').getAttribute('href'))!.split('/').pop()!;
    await row.first().locator('[data-test="cell-probability"]').click();
    await page.locator('[data-test="editor-probability"] input').fill('42');
    await page.locator('[data-test="editor-probability"] input').press('Enter');
    await page.locator('[data-test="editor-probability"]').waitFor({ state: 'detached' });
    await expect
      .poll(async () => {
        const { data } = await studio.server.gql<{ opportunity: { probability: number } }>(
          'query($id: ID!) { opportunity(id: $id) { probability } }',
          { id },
        );
        return data?.opportunity.probability;
      })
      .toBe(42);
    // Twenty pages loaded one by one in Chromium: minutes on a loaded 2-core machine (over five
    // with a load average of 20).
  }, 900_000);
});
