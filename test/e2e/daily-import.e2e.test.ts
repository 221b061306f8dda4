import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose } from './support/ui';

/**
 * Importing a CSV from the studio: the unmatched "Deal" column leaves every row refused in the
 * check until it is mapped to Name; then only the row with a bad stage is refused, the import
 * runs, and the report lists that row with its reason and offers it as a download.
 */
let studio: StudioHarness;
let page: Page;
let companyName: string;

beforeAll(async () => {
  studio = await startStudio();
  const { data } = await studio.server.gql<{ companies: { nodes: { name: string }[] } }>(
    '{ companies(first: 1, orderBy: [{ name: AscNullsLast }]) { nodes { name } } }',
  );
  companyName = data!.companies.nodes[0]!.name;
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

describe('CSV import in the studio', () => {
  test('a bad row, a mapping fixed by hand, the report and its download', async () => {
    const csv = [
      'Deal,Stage,Amount,Company',
      `Studio import one,PROPOSAL,1200,"${companyName}"`,
      'Studio import two,MAYBE,300,',
      'Studio import three,NEW,,',
    ].join('\n');
    // The file crosses the network once: the analysis keeps it, previews and the run name it.
    const sentFile: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      const named = url.searchParams.has('upload') && !request.postDataBuffer()?.length;
      if (url.pathname.startsWith('/import/') && !named) sentFile.push(url.pathname);
    });
    await page.click('[data-test="nav-import"]');
    await choose(page, page.locator('[data-test="import-object"]'), 'Opportunities');
    await page.setInputFiles('[data-test="import-file"]', {
      name: 'deals.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.waitForSelector('[data-test="import-mapping"]');
    // "Deal" matches no field: every row lacks its required name.
    await expect
      .poll(() => page.locator('[data-test="import-preview-summary"]').textContent(), { timeout: 15_000 })
      .toBe('3 would be refused');
    await expect(page.locator('[data-test="preview-row-error"]').first().textContent()).resolves.toContain(
      'name: is required',
    );
    await studio.screenshot(page, 'daily-import-unmapped');

    await choose(page, page.locator('[data-test="mapping-select-0"]'), 'Name');
    await expect
      .poll(() => page.locator('[data-test="import-preview-summary"]').textContent(), { timeout: 15_000 })
      .toBe('1 would be refused');
    await expect(
      page.locator('[data-test="preview-row-1"] [data-test="preview-cell-error"]').textContent(),
    ).resolves.toContain('MAYBE');
    await studio.screenshot(page, 'daily-import-preview');

    await page.click('[data-test="import-run"]');
    await page.waitForSelector('[data-test="import-report"]');
    await expect(page.locator('[data-test="import-created"]').textContent()).resolves.toBe('2');
    expect(sentFile).toEqual(['/import/analyze']);
    await expect(page.locator('[data-test="import-refused-row"]').textContent()).resolves.toMatch(/^3Stage: /);
    await studio.screenshot(page, 'daily-import-report');

    const download = page.waitForEvent('download');
    await page.click('[data-test="import-download-refused"]');
    const file = await download;
    expect(file.suggestedFilename()).toBe('deals-refused.csv');
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('Deal,Stage,Amount,Company,Row,Reason');
    expect(text).toContain('Studio import two,MAYBE,300,,3,"Stage: must be one of NEW, QUALIFIED');

    const { data } = await studio.server.gql<{
      opportunities: { nodes: { name: string; company: { name: string } | null }[] };
    }>(
      '{ opportunities(filter: { name: { startsWith: "Studio import" } }, orderBy: [{ name: AscNullsLast }]) { nodes { name company { name } } } }',
    );
    expect(data!.opportunities.nodes).toEqual([
      { name: 'Studio import one', company: { name: companyName } },
      { name: 'Studio import three', company: null },
    ]);
  });

  // Regression: the import API shares the page's address, and a reload of /import answered its 401 JSON.
  test('the import page opens from its address, as a link or a reload does', async () => {
    await page.goto('/import');
    await page.locator('[data-test="import-file"]').waitFor();
    await page.reload();
    await page.locator('[data-test="import-file"]').waitFor();
  });
});
