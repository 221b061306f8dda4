/**
 * Bundles whose documents depend on each other in an order their paths do not follow: a roll-up
 * of another object's formula (quote -> quoteLine.lineTotal, `quote.yaml` read first), and a
 * plugin whose stored settings come back from jsonb in another key order than the file's.
 */
import {
  type BundleFile,
  createPluginLifecycle,
  createSecretCipher,
  createSecretStore,
  createWorkspaceBundleService,
  readPluginTarball,
  toYaml,
  type WorkspaceBundleService,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { pluginTarball } from '../plugins/plugin-tarball';
import { ADMIN } from './config-fixture';

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
const secrets = () =>
  createSecretStore({ db: fx.db, cipher: createSecretCipher('bundle-dependencies-secret-0123456789') });
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db, secrets: secrets() });
});
afterAll(async () => {
  await fx?.test.drop();
});

const manifest = (sections: string[]): BundleFile => ({
  path: 'relata.yaml',
  content: toYaml({ format: 1, sections }),
});
const field = (key: string, type: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: key,
  label: key,
  type,
  ...extra,
});
const object = (key: string, plural: string, fields: unknown[]): BundleFile => ({
  path: `objects/${key}.yaml`,
  content: toYaml({
    key,
    nameSingular: key,
    namePlural: plural,
    labelSingular: key,
    labelPlural: plural,
    fields,
    indexes: [],
  }),
});

describe('bundle documents that depend on later ones', () => {
  test("a roll-up of another object's formula applies whatever the file order, then plans nothing", async () => {
    const ws = await fx.workspace('dep_rollup');
    const files = [
      manifest(['objects']),
      object('quote', 'quotes', [
        field('number', 'TEXT'),
        field('total', 'ROLLUP', {
          rollup: { relation: 'quoteLine.quote', owning: false, function: 'SUM', field: 'lineTotal' },
        }),
      ]),
      object('quoteLine', 'quoteLines', [
        field('quantity', 'NUMBER'),
        field('unitPrice', 'NUMBER'),
        field('lineTotal', 'FORMULA', { formula: { expression: 'quantity * unitPrice', resultType: 'NUMBER' } }),
        field('quote', 'RELATION', {
          relation: { target: 'quote', kind: 'MANY_TO_ONE', inverseName: 'lines', onDelete: 'CASCADE' },
        }),
      ]),
    ];
    const plan = await bundles.apply(ws.id, files);
    expect(plan.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(
      expect.arrayContaining(['create field quoteLine.lineTotal', 'create field quote.total']),
    );
    // Exported again (defaults filled in), the files plan nothing: the order settled.
    const exported = await bundles.exportWorkspace(ws.id);
    expect(exported.find((f) => f.path === 'objects/quote.yaml')?.content).toContain('field: lineTotal');
    expect((await bundles.plan(ws.id, exported)).steps).toEqual([]);
  });

  test('a roll-up of a field no object has is still refused, naming the file and the path', async () => {
    const ws = await fx.workspace('dep_missing');
    const files = [
      manifest(['objects']),
      object('quote', 'quotes', [
        field('total', 'ROLLUP', {
          rollup: { relation: 'quoteLine.quote', owning: false, function: 'SUM', field: 'nothing' },
        }),
      ]),
      object('quoteLine', 'quoteLines', [
        field('quote', 'RELATION', {
          relation: { target: 'quote', kind: 'MANY_TO_ONE', inverseName: 'lines', onDelete: 'CASCADE' },
        }),
      ]),
    ];
    await expect(bundles.plan(ws.id, files)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { file: 'objects/quote.yaml', field: 'fields[0].rollup.field' },
    });
  });

  test('plugin settings stored in another key order than the file are no change', async () => {
    const ws = await fx.workspace('dep_plugin');
    const plugins = createPluginLifecycle({ db: fx.db, metadata: fx.metadata, secrets: secrets() });
    const settings = { type: 'object', properties: { zz: { type: 'integer' }, alpha: { type: 'integer' } } };
    const tarball = await pluginTarball(
      { name: 'two-settings', version: '1.0.0', engine: '^1', settings },
      'module.exports = {};',
    );
    await plugins.install(ws.id, readPluginTarball(tarball), { actor: ADMIN, approve: true });
    await plugins.configure(ws.id, 'two-settings', { alpha: 1, zz: 2 }, ADMIN);
    const files = await bundles.exportWorkspace(ws.id);
    expect(files.find((f) => f.path === 'plugins/two-settings.yaml')?.content).toContain(
      'settings:\n  alpha: 1\n  zz: 2\n',
    );
    expect((await bundles.plan(ws.id, files)).steps).toEqual([]);
  });
});
