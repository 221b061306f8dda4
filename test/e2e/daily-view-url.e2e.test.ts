import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

/** A list's view lives in its URL: the address opens the same view in a new browser. */
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

async function freshPage(): Promise<Page> {
  const { page: other } = await studio.newSession();
  await studio.signIn(other);
  return other;
}

describe('view state in the URL', () => {
  test('a link with filter, sort and columns opens that view in a new browser', async () => {
    const view = {
      type: 'table',
      columns: ['name', 'stage'],
      sort: [{ field: 'name', direction: 'DescNullsLast' }],
      filter: {
        kind: 'group',
        id: 1,
        conjunction: 'and',
        items: [{ kind: 'condition', id: 2, field: 'stage', operator: 'eq', value: 'PROPOSAL' }],
      },
      groupBy: 'stage',
      sumField: 'amount',
      viewId: null,
    };
    const { data } = await studio.server.gql<{
      opportunities: { totalCount: number; nodes: { name: string }[] };
    }>(
      '{ opportunities(filter: { stage: { eq: PROPOSAL } }, orderBy: [{ name: DescNullsLast }], first: 1) { totalCount nodes { name } } }',
    );
    const other = await freshPage();
    await other.goto(`/o/opportunities?view=${encodeURIComponent(JSON.stringify(view))}`);
    await other.waitForSelector('[data-test="record-table"] [data-test="table-row"]');
    await expect
      .poll(() => other.locator('[data-test="count"]').textContent(), { timeout: 15_000 })
      .toContain(`of ${data!.opportunities.totalCount.toLocaleString('en-US')} opportunities`);
    const headers = (await other.locator('[data-test="record-table"] [role="columnheader"]').allTextContents())
      .map((h) => h.trim())
      .filter(Boolean);
    expect(headers).toEqual(['Name', 'Stage']);
    await expect(
      other.locator('[data-test="record-table"] [data-test="table-row"]').first().textContent(),
    ).resolves.toContain(data!.opportunities.nodes[0]!.name);
    await studio.screenshot(other, 'daily-view-from-link');
  });

  test('changing the view puts it in the address, which reopens it elsewhere', async () => {
    await page.goto('/o/opportunities');
    await page.waitForSelector('[data-test="record-table"]');
    await page.click('[data-test="view-kanban"]');
    await page.waitForSelector('[data-test="kanban"]');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('view') ?? '', { timeout: 15_000 })
      .toContain('"kanban"');
    const other = await freshPage();
    await other.goto(page.url());
    await other.waitForSelector('[data-test="kanban"]');
    // Back to the table: an untouched list keeps a clean address.
    await page.click('[data-test="view-table"]');
    await page.waitForSelector('[data-test="record-table"]');
  });

  test('a header click sorts the table (into the address), and its handle drags the column wider', async () => {
    await page.goto('/o/opportunities');
    await page.waitForSelector('[data-test="record-link"]');
    const amount = page.locator('[data-test="record-table"] [data-test="column-amount"]');
    await amount.click();
    await expect.poll(() => amount.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => new URL(page.url()).searchParams.get('view') ?? '').toContain('"field":"amount"');
    await amount.click();
    await expect.poll(() => amount.getAttribute('aria-sort')).toBe('descending');
    const { data } = await studio.server.gql<{ opportunities: { nodes: { name: string }[] } }>(
      '{ opportunities(first: 1, orderBy: [{ amount: DescNullsLast }]) { nodes { name } } }',
    );
    await expect
      .poll(() => page.locator('[data-test="record-link"]').first().textContent())
      .toBe(data!.opportunities.nodes[0]!.name);
    const stage = page.locator('[data-test="record-table"] [data-test="column-stage"]');
    const before = (await stage.boundingBox())!;
    await page.mouse.move(before.x + before.width - 2, before.y + before.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width + 60, before.y + before.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await stage.boundingBox())!.width - before.width)).toBe(62);
    await expect(stage.getAttribute('aria-sort')).resolves.toBeNull();
    // The sort is undone by a third click; the rows stay drawn.
    await amount.click();
    await expect.poll(() => amount.getAttribute('aria-sort')).toBeNull();
  });
});
