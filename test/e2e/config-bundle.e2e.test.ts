import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * Configuration as code in the studio: an admin downloads the workspace's bundle, changes a
 * field's label in the file, uploads it, reviews the plan (the change, grouped by section, with
 * its SQL folded away), applies it and sees the new label wherever the field shows.
 */
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

interface BundleJson {
  format: number;
  files: Array<{ path: string; content: string }>;
}

describe('configuration as code', () => {
  test('download, edit a label in the file, upload, see the plan, apply, see the new label', async () => {
    await page.click('[data-test="nav-config-bundle"]');
    await page.waitForSelector('[data-test="bundle-file-objects/opportunity.yaml"]');

    // Each file can be read on the page.
    await page.click('[data-test="bundle-file-objects/opportunity.yaml"] button.path');
    await expect(page.locator('[data-test="bundle-file-content"]').textContent()).resolves.toContain(
      'label: Close date',
    );

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="bundle-download"]')]);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8')) as BundleJson;
    expect(bundle.files[0]?.path).toBe('relata.yaml');
    const edited: BundleJson = {
      ...bundle,
      files: bundle.files.map((f) =>
        f.path === 'objects/opportunity.yaml'
          ? { ...f, content: f.content.replace('label: Close date', 'label: Expected close') }
          : f,
      ),
    };
    expect(edited).not.toEqual(bundle);

    await page.setInputFiles('[data-test="bundle-json-input"]', {
      name: 'relata-bundle.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(edited)),
    });
    const step = page.locator(
      '[data-test="bundle-section-objects"] [data-test^="bundle-step-"][data-target="field opportunity.closeDate"]',
    );
    await step.waitFor();
    await expect(step.getAttribute('data-test')).resolves.toMatch(/^bundle-step-(update|rename)$/);
    // Nothing else in the workspace differs from the files.
    await expect(
      page.locator('[data-test="bundle-plan"] [data-test^="bundle-step-"][data-target]').count(),
    ).resolves.toBe(1);
    await studio.screenshot(page, 'config-bundle-plan');

    await page.click('[data-test="bundle-apply"]');
    await page.waitForSelector('[data-test="bundle-result"]');
    await expect(page.locator('[data-test="bundle-result"]').textContent()).resolves.toMatch(/Applied \d+ steps?/);

    // The studio shows the new label: the list's column and the record's field.
    await page.click('[data-test="nav-opportunities"]');
    await expect.poll(() => page.locator('body').textContent(), { timeout: 15_000 }).toContain('Expected close');

    // The same files, uploaded as a folder (as `relata export` writes it), plan nothing.
    const folder = join(mkdtempSync(join(tmpdir(), 'relata-e2e-')), 'acme-bundle');
    for (const file of edited.files) {
      mkdirSync(dirname(join(folder, file.path)), { recursive: true });
      writeFileSync(join(folder, file.path), file.content);
    }
    await page.click('[data-test="nav-config-bundle"]');
    await page.setInputFiles('[data-test="bundle-folder-input"]', folder);
    await expect
      .poll(() => page.locator('[data-test="bundle-source"]').textContent())
      .toBe(`acme-bundle: ${edited.files.length} files`);
    await page.waitForSelector('[data-test="bundle-plan-empty"]');
  });

  test('a file the server refuses is shown with the file and the path in it', async () => {
    await page.click('[data-test="nav-config-bundle"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="bundle-download"]')]);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8')) as BundleJson;
    const broken = bundle.files.map((f) =>
      f.path === 'settings/workspace.yaml'
        ? { ...f, content: f.content.replace(/dateFormat: .*/, 'dateFormat: whenever') }
        : f,
    );
    expect(broken).not.toEqual(bundle.files);
    await page.setInputFiles('[data-test="bundle-json-input"]', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 1, files: broken })),
    });
    await page.waitForSelector('[data-test="bundle-problem"]');
    await expect(page.locator('[data-test="bundle-problem-file"]').textContent()).resolves.toBe(
      'settings/workspace.yaml',
    );
    await expect(page.locator('[data-test="bundle-problem-path"]').textContent()).resolves.toBe('dateFormat');
    await expect(page.locator('[data-test="bundle-apply"]').count()).resolves.toBe(0);
  });

  test('a large apply shows its progress: the step running of all, then all applied', async () => {
    await page.click('[data-test="nav-config-bundle"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="bundle-download"]')]);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8')) as BundleJson;
    // Every field of companies relabelled, then the opportunity's close date (its step comes after theirs).
    const edited = bundle.files.map((f) =>
      f.path === 'objects/company.yaml'
        ? { ...f, content: f.content.replace(/^( {4}label: .+)$/gm, '$1 (v2)') }
        : f.path === 'objects/opportunity.yaml'
          ? {
              ...f,
              content: f.content.replace(/label: Expected close\b.*|label: Close date/, 'label: Close date (v2)'),
            }
          : f,
    );
    const db = studio.server.database.opened.db;
    // The test holds the close date's metadata row: the apply waits at that step, its progress shown.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    const lock = db.transaction(async (tx) => {
      await tx.query(
        `select f.id from relata.fields f join relata.objects o on o.id = f.object_id
          where o.workspace_id = $1 and o.name_singular = 'opportunity' and f.name = 'closeDate' for update`,
        [studio.server.workspace.id],
      );
      held();
      await released;
    });
    await holding;
    try {
      await page.setInputFiles('[data-test="bundle-json-input"]', {
        name: 'relabelled.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ format: 1, files: edited })),
      });
      const apply = page.locator('[data-test="bundle-apply"]');
      await apply.waitFor();
      const steps = Number(/Apply (\d+) step/.exec((await apply.textContent()) ?? '')![1]);
      expect(steps).toBeGreaterThan(2);
      await apply.click();
      const bar = page.locator('[data-test="bundle-apply-progress"][data-status="RUNNING"]');
      await expect
        .poll(() => page.locator('[data-test="bundle-apply-progress-label"]').textContent())
        .toBe(`Step ${steps} of ${steps}: update field opportunity.closeDate`);
      await expect(bar.getAttribute('data-done')).resolves.toBe(String(steps - 1));
      await studio.screenshot(page, 'config-bundle-apply-progress');
    } finally {
      release();
      await lock;
    }
    await page.waitForSelector('[data-test="bundle-result"]');
    const done = page.locator('[data-test="bundle-apply-progress"][data-status="DONE"]');
    await done.waitFor();
    await expect(done.getAttribute('data-done')).resolves.toBe(await done.getAttribute('data-total'));
    await expect(page.locator('[data-test="bundle-apply-progress-label"]').textContent()).resolves.toMatch(
      /^(\d+) of \1 steps applied$/,
    );
  });
});
