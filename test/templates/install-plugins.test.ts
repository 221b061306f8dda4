import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSecretCipher,
  createSecretStore,
  createTemplateService,
  listPluginInstallations,
  readPluginFolder,
  readTemplateFolder,
} from '@relata/core';
import { buildPlugin } from '@relata/plugin-sdk/build';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { copyFixtures, editFile, freshWorkspace } from './template-fixture';

const REPO_PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));

/** A service case object, as the sla-timer plugin's grants name it (priority read; dueBy, escalated required and added). */
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

/** The case with the two fields the plugin contributes, as an export of a workspace that has it writes it. */
const CASE_WITH_SLA_YAML = CASE_YAML.replace(
  'indexes: []',
  `  - key: dueBy
    name: dueBy
    label: Due by
    type: DATE_TIME
  - key: escalated
    name: escalated
    label: Escalated
    type: BOOLEAN
indexes: []`,
);

/**
 * The plugin's file in the template's bundle: settings other than its defaults, and an integrity
 * no build has (the installer takes the shipped package's: a rebuilt plugin must not break it).
 */
const SLA_FILE = `name: sla-timer
version: 1.0.0
integrity: sha512-written-against-an-older-build
enabled: true
settings:
  highHours: 6
  lowHours: 96
  normalHours: 20
  urgentHours: 2
`;

/** A workflow of the bundle whose one step is an action of sla-timer, which installs after the bundle. */
const ESCALATE_WORKFLOW = `key: escalate_new_cases
name: Escalate new cases
description: null
active: true
definition:
  trigger:
    type: RECORD_CREATED
    object: case
  steps:
    - key: escalate
      type: plugin:sla-timer.escalateNow
      settings:
        reason: opened through the template test
`;

/** Gives the copied sla-timer an action (a workflow step type), in its manifest and its entry. */
function withEscalateNowAction(dir: string): void {
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  pkg.relata.contributes.actions = [
    {
      name: 'escalateNow',
      title: 'Escalate now',
      input: { type: 'object', properties: { reason: { type: 'string', title: 'Reason' } }, required: ['reason'] },
    },
  ];
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
  const entry = join(dir, 'src', 'index.ts');
  const source = readFileSync(entry, 'utf8');
  const at = source.lastIndexOf('});');
  writeFileSync(
    entry,
    `${source.slice(0, at)}  actions: { escalateNow: (input: { reason: string }) => ({ reason: input.reason }) },\n});\n`,
  );
}

let fx: MetadataFixture;
let pluginsRoot: string;
let templateDir: string;
let pinnedDir: string;
let actionDir: string;

beforeAll(async () => {
  fx = await createMetadataFixture();
  // The first-party plugin built as `relata-plugin build` builds it, in a copy (dist/ is not committed).
  pluginsRoot = mkdtempSync(join(tmpdir(), 'relata-template-plugins-'));
  cpSync(join(REPO_PLUGINS, 'sla-timer'), join(pluginsRoot, 'sla-timer'), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.includes(`${join('sla-timer', 'test')}`),
  });
  withEscalateNowAction(join(pluginsRoot, 'sla-timer'));
  await buildPlugin(join(pluginsRoot, 'sla-timer'));
  const root = copyFixtures();
  templateDir = join(root, 'mini');
  writeFileSync(join(templateDir, 'bundle', 'objects', 'case.yaml'), CASE_YAML);
  editFile(root, 'mini/template.yaml', (yaml) => yaml.replace('seed:', 'plugins:\n  - package: sla-timer\nseed:'));
  // The same template with the plugin's file in its bundle.
  pinnedDir = join(copyFixtures(), 'mini');
  cpSync(templateDir, pinnedDir, { recursive: true });
  writeFileSync(join(pinnedDir, 'bundle', 'objects', 'case.yaml'), CASE_WITH_SLA_YAML);
  mkdirSync(join(pinnedDir, 'bundle', 'plugins'));
  writeFileSync(join(pinnedDir, 'bundle', 'plugins', 'sla-timer.yaml'), SLA_FILE);
  // The same template with a workflow whose step is the plugin's action.
  actionDir = join(copyFixtures(), 'mini');
  cpSync(templateDir, actionDir, { recursive: true });
  writeFileSync(join(actionDir, 'bundle', 'workflows', 'escalate_new_cases.yaml'), ESCALATE_WORKFLOW);
}, 120_000);
afterAll(() => fx.test.drop());

const secrets = () =>
  createSecretStore({ db: fx.db, cipher: createSecretCipher('template-test-secret-0123456789abcdef') });
const service = () =>
  createTemplateService({ db: fx.test.opened.db, secrets: secrets(), plugins: { root: pluginsRoot } });

describe('template plugins', () => {
  test('a plugin granted an object of the bundle installs after it, in the same install; twice changes nothing', async () => {
    const ws = await freshWorkspace(fx, 'tpl_plugins');
    const result = await service().install(ws.id, await readTemplateFolder(templateDir));
    expect(result).toMatchObject({ applied: true, plugins: ['sla-timer 1.0.0'], seeded: 7 });
    const installed = await listPluginInstallations(fx.db, secrets(), ws.id);
    expect(installed.map((p) => ({ name: p.name, version: p.version, enabled: p.enabled }))).toEqual([
      { name: 'sla-timer', version: '1.0.0', enabled: true },
    ]);
    expect(await fx.columns(ws, 'cases')).toMatchObject({ due_by: expect.any(String), escalated: 'boolean' });

    const again = await service().install(ws.id, await readTemplateFolder(templateDir));
    expect(again).toMatchObject({ applied: false, plugins: [], metadataVersion: result.metadataVersion });
  });

  test('a workflow of the bundle may use an action of a plugin that installs after the bundle, in the same install', async () => {
    const ws = await freshWorkspace(fx, 'tpl_plugin_action');
    const folder = await readTemplateFolder(actionDir);
    const planned = await service().plan(ws.id, folder);
    expect(planned.steps.map((s) => `${s.kind} ${s.target}`)).toContain('create workflow escalate_new_cases');
    const result = await service().install(ws.id, folder);
    expect(result).toMatchObject({ applied: true, plugins: ['sla-timer 1.0.0'] });
    const { rows } = await fx.db.query<{ active: boolean }>(
      'select active from relata.workflows where workspace_id = $1 and key = $2',
      [ws.id, 'escalate_new_cases'],
    );
    expect(rows).toEqual([{ active: true }]);
  });

  test('a plugin the bundle lists with its settings takes them in the same install, though installed by it', async () => {
    const ws = await freshWorkspace(fx, 'tpl_pinned');
    const folder = await readTemplateFolder(pinnedDir);
    const planned = await service().plan(ws.id, folder);
    expect(planned.steps.find((s) => s.target === 'plugin sla-timer')).toMatchObject({
      kind: 'create',
      warnings: [expect.stringContaining('granted')],
    });

    const result = await service().install(ws.id, folder);
    // Installed by the bundle's own step: the stage after the bundle finds it there and adds nothing.
    expect(result).toMatchObject({ applied: true, plugins: [], seeded: 7 });
    expect(result.steps.filter((s) => s.section === 'plugins').map((s) => `${s.kind} ${s.target}`)).toEqual([
      'create plugin sla-timer',
    ]);
    const installed = await listPluginInstallations(fx.db, secrets(), ws.id);
    expect(installed.map(({ name, enabled, settings }) => ({ name, enabled, settings }))).toEqual([
      { name: 'sla-timer', enabled: true, settings: { highHours: 6, lowHours: 96, normalHours: 20, urgentHours: 2 } },
    ]);
    const built = await readPluginFolder(join(pluginsRoot, 'sla-timer'));
    expect(installed[0]).toMatchObject({ version: '1.0.0', integrity: built.integrity });

    const again = await service().install(ws.id, folder);
    expect(again).toMatchObject({ applied: false, metadataVersion: result.metadataVersion });
  });

  test('a plugin file naming another version than the package the template ships is refused, naming it', async () => {
    const ws = await freshWorkspace(fx, 'tpl_pinned_version');
    const folder = await readTemplateFolder(pinnedDir);
    const bundle = folder.bundle.map((f) =>
      f.path === 'plugins/sla-timer.yaml' ? { ...f, content: f.content.replace('1.0.0', '1.1.0') } : f,
    );
    await expect(service().install(ws.id, { ...folder, bundle })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { file: 'plugins/sla-timer.yaml', field: 'version' },
    });
    expect(await service().installed(ws.id, 'mini')).toBeNull();
  });

  test('a plugin folder that is not built fails the install before anything is written', async () => {
    const ws = await freshWorkspace(fx, 'tpl_unbuilt');
    const unbuilt = createTemplateService({
      db: fx.test.opened.db,
      secrets: secrets(),
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
