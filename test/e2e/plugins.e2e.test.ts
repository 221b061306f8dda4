import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { bigPluginTarball } from '../plugins/plugin-tarball';
import { type StudioHarness, startStudio } from './support/studio-harness';

let studio: StudioHarness;
let page: Page;

/** Title-cases company names as they are written: the hook the admin installs from the studio. */
const manifest = {
  name: 'name-tidy',
  version: '1.0.0',
  engine: '^1',
  title: 'Name tidy',
  permissions: { write: [{ object: 'company', fields: ['name'] }] },
  settings: {
    type: 'object',
    properties: {
      suffix: { type: 'string', title: 'Suffix' },
      token: { type: 'string', title: 'Token', secret: true },
    },
  },
  contributes: { hooks: [{ object: 'company', on: 'beforeCreate' }] },
};
const BUNDLE = `module.exports = { hooks: { company: {
  beforeCreate: (event, ctx) => ({ data: { name: event.data.name.trim().toUpperCase() + (ctx.settings.suffix ?? '') } }),
} } };`;

beforeAll(async () => {
  studio = await startStudio();
  page = (await studio.newSession()).page;
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
});

describe('plugins page in Chromium', () => {
  test('an admin installs a 6 MB plugin from a file after seeing its permissions, and its hook changes a record', async () => {
    await page.click('[data-test="nav-plugins"]');
    await page.locator('[data-test="plugins-page"]').waitFor();
    await page.click('[data-test="install-plugin"]');
    await page.setInputFiles('[data-test="plugin-file"]', {
      name: 'name-tidy-1.0.0.tgz',
      mimeType: 'application/gzip',
      // Past what a base64 GraphQL string could carry: the studio uploads the file raw.
      buffer: Buffer.from(await bigPluginTarball(manifest, BUNDLE, 6)),
    });
    const preview = page.locator('[data-test="plugin-preview"]');
    await preview.waitFor();
    expect(await preview.locator('[data-test="plugin-permissions"]').textContent()).toContain('write company: name');
    await studio.screenshot(page, '60-plugin-install-permissions');
    await page.click('[data-test="plugin-approve"]');
    const row = page.locator('[data-test="plugin-name-tidy"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('enabled');

    // Settings generated from the schema; the secret is write-only.
    await row.locator('[data-test="plugin-settings"]').click();
    const form = page.locator('[data-test="plugin-settings-form"]');
    await form.locator('[data-test="setting-suffix"] input').fill(' (tidy)');
    await form.locator('[data-test="setting-token"] input').fill('s3cret');
    await page.click('[data-test="plugin-settings-save"]');
    await form.waitFor({ state: 'hidden' });
    const { data } = await studio.server.metadataGql<{ plugins: Array<{ settings: unknown; secretsSet: string[] }> }>(
      '{ plugins { settings secretsSet } }',
    );
    expect(data?.plugins[0]).toEqual({ settings: { suffix: ' (tidy)' }, secretsSet: ['token'] });

    const created = await studio.server.gql<{ createCompany: { id: string; name: string } }>(
      'mutation { createCompany(data: { name: "  initech " }) { id name } }',
    );
    expect(created.data?.createCompany.name).toBe('INITECH (tidy)');
    await page.goto(`/o/company/${created.data?.createCompany.id}`);
    await page.getByText('INITECH (tidy)').first().waitFor();

    await page.goto('/admin/plugins');
    await page.click('[data-test="plugin-log-toggle"]');
    expect(await page.locator('[data-test="plugin-log"]').textContent()).toContain('hooks.company.beforeCreate');
    await studio.screenshot(page, '61-plugin-call-log');

    // A call refused by the host (here: the plugin was disabled) is in the log with its reason.
    const { data: listed } = await studio.server.metadataGql<{ plugins: Array<{ id: string }> }>('{ plugins { id } }');
    await studio.server.metadataGql('mutation { setPluginEnabled(name: "name-tidy", enabled: false) { name } }');
    const { services } = studio.server.instance;
    const snapshot = await services.workspaces.snapshotOf(studio.server.workspace.id);
    await expect(
      services.plugins.runner.call(snapshot, listed!.plugins[0]!.id, 'hooks.company.beforeCreate', {}),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await page.reload();
    await page.click('[data-test="plugin-log-toggle"]');
    expect(await page.locator('[data-test="plugin-stats"]').textContent()).toContain('1 refused');
    expect(await page.locator('[data-test="plugin-call-outcome"]').first().textContent()).toContain(
      'refused (disabled): The plugin name-tidy is disabled.',
    );
  });
});
