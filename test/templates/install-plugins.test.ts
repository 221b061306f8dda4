import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSecretCipher,
  createSecretStore,
  createTemplateService,
  listPluginInstallations,
  readTemplateFolder,
} from '@relata/core';
import { buildPlugin } from '@relata/plugin-sdk/build';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { copyFixtures, editFile, freshWorkspace } from './template-fixture';

const REPO_PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));

/** A service case object, as the sla-timer plugin's grants name it (priority read; dueBy, escalated contributed). */
const CASE_YAML = `key: case
nameSingular: case
namePlural: cases
labelSingular: Case
labelPlural: Cases
fields:
  - key: subject
    name: subject
    label: Subject
    type: TEXT
  - key: priority
    name: priority
    label: Priority
    type: SELECT
    options:
      - value: HIGH
        label: High
        color: gray
      - value: LOW
        label: Low
        color: gray
indexes: []
`;

let fx: MetadataFixture;
let pluginsRoot: string;
let templateDir: string;

beforeAll(async () => {
  fx = await createMetadataFixture();
  // The first-party plugin built as `relata-plugin build` builds it, in a copy (dist/ is not committed).
  pluginsRoot = mkdtempSync(join(tmpdir(), 'relata-template-plugins-'));
  cpSync(join(REPO_PLUGINS, 'sla-timer'), join(pluginsRoot, 'sla-timer'), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.includes(`${join('sla-timer', 'test')}`),
  });
  await buildPlugin(join(pluginsRoot, 'sla-timer'));
  const root = copyFixtures();
  templateDir = join(root, 'mini');
  writeFileSync(join(templateDir, 'bundle', 'objects', 'case.yaml'), CASE_YAML);
  editFile(root, 'mini/template.yaml', (yaml) => yaml.replace('seed:', 'plugins:\n  - package: sla-timer\nseed:'));
}, 120_000);
afterAll(() => fx.test.drop());

const service = () =>
  createTemplateService({
    db: fx.test.opened.db,
    secrets: createSecretStore({ db: fx.db, cipher: createSecretCipher('template-test-secret-0123456789abcdef') }),
    plugins: { root: pluginsRoot },
  });

describe('template plugins', () => {
  test('a plugin granted an object of the bundle installs after it, in the same install; twice changes nothing', async () => {
    const ws = await freshWorkspace(fx, 'tpl_plugins');
    const secrets = createSecretStore({
      db: fx.db,
      cipher: createSecretCipher('template-test-secret-0123456789abcdef'),
    });
    const result = await service().install(ws.id, await readTemplateFolder(templateDir));
    expect(result).toMatchObject({ applied: true, plugins: ['sla-timer 1.0.0'], seeded: 7 });
    const installed = await listPluginInstallations(fx.db, secrets, ws.id);
    expect(installed.map((p) => ({ name: p.name, version: p.version, enabled: p.enabled }))).toEqual([
      { name: 'sla-timer', version: '1.0.0', enabled: true },
    ]);
    expect(await fx.columns(ws, 'cases')).toMatchObject({ due_by: expect.any(String), escalated: 'boolean' });

    const again = await service().install(ws.id, await readTemplateFolder(templateDir));
    expect(again).toMatchObject({ applied: false, plugins: [], metadataVersion: result.metadataVersion });
  });

  test('a plugin folder that is not built fails the install before anything is written', async () => {
    const ws = await freshWorkspace(fx, 'tpl_unbuilt');
    const unbuilt = createTemplateService({
      db: fx.test.opened.db,
      secrets: createSecretStore({ db: fx.db, cipher: createSecretCipher('template-test-secret-0123456789abcdef') }),
      plugins: { root: unbuiltPlugins() },
    });
    await expect(unbuilt.install(ws.id, await readTemplateFolder(templateDir))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { file: 'template.yaml', field: 'plugins[0].package' },
    });
    expect(await unbuilt.installed(ws.id, 'mini')).toBeNull();
  });
});

/** A plugins folder holding sla-timer's package.json only: what a checkout has before `relata-plugin build`. */
function unbuiltPlugins(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relata-template-unbuilt-'));
  cpSync(join(REPO_PLUGINS, 'sla-timer', 'package.json'), join(dir, 'sla-timer', 'package.json'));
  return dir;
}
