import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { profileScroll } from './support/scroll-profile';
import { SCREENSHOTS, type StudioHarness, startStudio } from './support/studio-harness';

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

/** Milliseconds from navigating to the list until its first row is on screen. */
async function firstRowsMs(): Promise<number> {
  await page.goto('/');
  const started = Date.now();
  await page.goto('/o/opportunities');
  // Generous: the first, cold visit on a loaded machine builds the schema and counts 50k rows.
  await page.locator('[data-test="record-link"]').first().waitFor({ timeout: 120_000 });
  return Date.now() - started;
}

const SCROLLER = '[data-test="record-table"] [data-test="table-scroller"], [data-test="record-table"] .v-vl';
const ROW = '[data-test="record-table"] [data-test="table-row"], [data-test="record-table"] .n-data-table-tr';

/**
 * Frame times (ms) while a body scrolls through the loaded rows at a steady pace: the table's own
 * (`plain` false), or, as the baseline of the same run on the same loaded machine, a plain list of
 * as many rows and cells laid over it (every row in the DOM, no framework: what scrolling costs
 * here with nothing to render). Frames are counted against that baseline, never against a time.
 */
async function scrollFrames(plain: boolean): Promise<number[]> {
  return page.evaluate(
    async ({ plain, scroller, row }) => {
      const table = document.querySelector<HTMLElement>(scroller);
      if (!table) throw new Error('no scrolling table body');
      let body = table;
      if (plain) {
        const first = document.querySelector(row);
        const cells = (first?.querySelectorAll('[data-field]').length ?? 0) + 2;
        const rows = Number(
          (document.querySelector('[data-test="count"]')?.textContent ?? '0').split(' ')[0]!.replace(/,/g, ''),
        );
        const box = table.getBoundingClientRect();
        body = document.createElement('div');
        Object.assign(body.style, {
          position: 'fixed',
          left: `${box.left}px`,
          top: `${box.top}px`,
          width: `${box.width}px`,
          height: `${box.height}px`,
          overflow: 'auto',
          background: '#fff',
          zIndex: '9999',
          font: '13px sans-serif',
        });
        const html: string[] = [];
        for (let r = 0; r < rows; r++) {
          html.push('<div style="display:flex;height:41px;border-bottom:1px solid #eee;white-space:nowrap">');
          for (let c = 0; c < cells; c++)
            html.push(`<span style="width:170px;flex:none;padding:10px">Row ${r} cell ${c}</span>`);
          html.push('</div>');
        }
        body.innerHTML = html.join('');
        document.body.append(body);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      const frames: number[] = [];
      // Through the rows loaded now: reaching the bottom loads more, which would scroll on forever.
      const end = body.scrollHeight - body.clientHeight - 300;
      let last = performance.now();
      while (body.scrollTop < end) {
        body.scrollTop += 120;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      if (plain) body.remove();
      else body.scrollTop = 0;
      return frames;
    },
    { plain, scroller: SCROLLER, row: ROW },
  );
}

const SLOW_FRAME_MS = 1000 / 60 + 0.5;
function frameFigures(frames: number[]) {
  const slow = frames.filter((ms) => ms > SLOW_FRAME_MS).length;
  return {
    frames: frames.length,
    over16ms: slow,
    over16msShare: Number((slow / frames.length).toFixed(3)),
    p95FrameMs: Number([...frames].sort((a, b) => a - b)[Math.floor(frames.length * 0.95)]!.toFixed(1)),
  };
}

describe('list figures on 50k opportunities', () => {
  test('first rows on a warm server, and frames over 16.7 ms scrolling 1,000 rows', async () => {
    await firstRowsMs(); // warms the server's schema, statement and studio caches
    const firstRows = [await firstRowsMs(), await firstRowsMs(), await firstRowsMs()].sort((a, b) => a - b);
    console.log(
      `table first rows (ms, best/median/worst): ${firstRows.join('/')}, load ${loadavg().map((n) => n.toFixed(2))}`,
    );

    const count = page.locator('[data-test="count"]');
    for (let i = 0; i < 40 && !/^1,0\d\d of/.test((await count.textContent()) ?? ''); i++) {
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${(50 * (i + 2)).toLocaleString('en-US')} of`));
    }
    await expect(count.textContent()).resolves.toMatch(/^1,000 of 50,000/);
    // The table, then the plain list (baseline), each scrolled bare and then under the profiler
    // (its sampling costs a little); the table's figures are read against the baseline's.
    const frames = await scrollFrames(false);
    const baseline = await scrollFrames(true);
    const { profile } = await profileScroll(page, () => scrollFrames(false));
    const { profile: baselineProfile } = await profileScroll(page, () => scrollFrames(true));
    expect(frames.length).toBeGreaterThan(50);
    const table = frameFigures(frames);
    const plain = frameFigures(baseline);
    const figures = {
      rows: OPPORTUNITIES,
      // The machine's 1/5/15-minute load when measured: frames depend on what else runs.
      loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
      firstRowsMs: { best: firstRows[0], median: firstRows[1], worst: firstRows[2] },
      scroll: { loadedRows: 1000, table, plainList: plain, over16msBeyondPlainList: table.over16ms - plain.over16ms },
      profiledScroll: profile,
      profiledPlainList: {
        longTasks: baselineProfile.longTasks,
        longTaskMs: baselineProfile.longTaskMs,
        busyMs: baselineProfile.busyMs,
      },
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
