import type { Page } from '../../../studio/e2e/chromium';
import { profileScroll, type ScrollProfile } from './scroll-profile';

/**
 * The list figures of issue 14, measured in Chromium on a signed-in page: how long the first rows
 * of a list take on a warm server, and how many frames run over 16.7 ms while its loaded rows are
 * scrolled, beside a plain list of as many rows on the same machine in the same run. Shared by the
 * e2e figures test (reported, never asserted as times) and `pnpm bench` (rows 14a-14c).
 */

const SCROLLER = '[data-test="record-table"] [data-test="table-scroller"]';
const ROW = '[data-test="record-table"] [data-test="table-row"]';
const FIRST_ROW = '[data-test="record-table"] [data-test="record-link"]';
const SLOW_FRAME_MS = 1000 / 60 + 0.5;

/** One request of the page until its first row, in ms since the navigation started. */
export interface RequestTiming {
  url: string;
  startMs: number;
  endMs: number;
}

export interface FirstRows {
  /** From the navigation's start to the first row on screen, measured by the page's own clock. */
  ms: number;
  /** The scripts, styles and API requests before that row, in the order they started. */
  requests: RequestTiming[];
}

/**
 * Loads `path` in a fresh document (scripts from the browser's cache, as a returning user has
 * them) and times its first row. The page is emptied first, so nothing of the previous page is
 * still loading.
 */
export async function firstRows(page: Page, path: string, timeoutMs = 120_000): Promise<FirstRows> {
  await page.goto('about:blank');
  await page.goto(path, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (selector) => (document.querySelector(selector) ? performance.now() : 0),
    FIRST_ROW,
    { polling: 'raf', timeout: timeoutMs },
  );
  const ms = (await handle.jsonValue()) as number;
  const requests = await page.evaluate(
    (until) =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => entry.startTime <= until)
        .map((entry) => ({
          url: new URL(entry.name).pathname,
          startMs: Math.round(entry.startTime),
          endMs: Math.round(entry.responseEnd),
        })),
    ms,
  );
  return { ms: Math.round(ms), requests };
}

/** Loaded rows, read from the table's footer (`1,000 of 50,000 opportunities`). */
async function loadedRows(page: Page): Promise<number> {
  const text = (await page.locator('[data-test="count"]').textContent()) ?? '';
  return Number(text.split(' ')[0]!.replace(/\D/g, ''));
}

/** Presses "Load more" until `rows` rows are loaded (pages of 50). */
export async function loadRows(page: Page, rows: number): Promise<void> {
  for (let loaded = await loadedRows(page); loaded < rows; loaded = await loadedRows(page)) {
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(
      ({ before }) => {
        const text = document.querySelector('[data-test="count"]')?.textContent ?? '';
        return Number(text.split(' ')[0]!.replace(/\D/g, '')) > before;
      },
      { before: loaded },
      { timeout: 60_000 },
    );
  }
}

/**
 * Frame times (ms) while a body scrolls through the loaded rows at a steady pace: the table's own
 * (`plain` false), or, as the baseline of the same run on the same loaded machine, a plain list of
 * as many rows and cells laid over it (every row in the DOM, no framework: what scrolling costs
 * here with nothing to render). Frames are counted against that baseline, never against a time.
 */
export async function scrollFrames(page: Page, plain: boolean): Promise<number[]> {
  return page.evaluate(
    async ({ plain, scroller, row }) => {
      const table = document.querySelector<HTMLElement>(scroller);
      if (!table) throw new Error('no scrolling table body');
      let body = table;
      if (plain) {
        const first = document.querySelector(row);
        const cells = (first?.querySelectorAll('[data-field]').length ?? 0) + 2;
        const rows = Number(
          (document.querySelector('[data-test="count"]')?.textContent ?? '0').split(' ')[0]!.replace(/\D/g, ''),
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

export interface FrameFigures {
  frames: number;
  over16ms: number;
  over16msShare: number;
  p95FrameMs: number;
}

export function frameFigures(frames: number[]): FrameFigures {
  const slow = frames.filter((ms) => ms > SLOW_FRAME_MS).length;
  return {
    frames: frames.length,
    over16ms: slow,
    over16msShare: Number((slow / frames.length).toFixed(3)),
    p95FrameMs: Number([...frames].sort((a, b) => a - b)[Math.floor(frames.length * 0.95)]!.toFixed(1)),
  };
}

/** Main-thread cost of one profiled scroll, per frame: robust to other processes taking the CPU. */
export interface ScrollCost extends ScrollProfile {
  frames: number;
  busyMsPerFrame: number;
}

async function profiledScroll(page: Page, plain: boolean): Promise<ScrollCost> {
  const { result, profile } = await profileScroll(page, () => scrollFrames(page, plain));
  return { ...profile, frames: result.length, busyMsPerFrame: Number((profile.busyMs / result.length).toFixed(2)) };
}

export interface ScrollFigures {
  loadedRows: number;
  table: FrameFigures;
  plainList: FrameFigures;
  profiledTable: ScrollCost;
  profiledPlainList: ScrollCost;
}

/**
 * Scrolls the loaded rows of the list on `page`: the table, then the plain list (baseline), each
 * bare and then under the profiler (its sampling costs a little), alternated so that changing
 * background load hits both alike.
 */
export async function scrollFigures(page: Page): Promise<ScrollFigures> {
  const table = frameFigures(await scrollFrames(page, false));
  const plainList = frameFigures(await scrollFrames(page, true));
  const profiledTable = await profiledScroll(page, false);
  const profiledPlainList = await profiledScroll(page, true);
  return { loadedRows: await loadedRows(page), table, plainList, profiledTable, profiledPlainList };
}
