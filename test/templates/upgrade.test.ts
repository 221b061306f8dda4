import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildMetadataSchema, readTemplateFolder, type Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { copyFixtures, editFile, freshWorkspace, templateService } from './template-fixture';

// Pothos builds the schema with graphql's CommonJS build (see test/metadata/metadata-api.test.ts).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let fx: MetadataFixture;
let root: string;
beforeAll(async () => {
  fx = await createMetadataFixture();
  root = copyFixtures();
  // Version 2 of the fixture: a new field on company, and company.size relabelled.
  cpV2(join(root, 'mini'));
});
afterAll(() => fx.test.drop());

function cpV2(dir: string) {
  editFile(dir, 'template.yaml', (yaml) => yaml.replace('version: 1', 'version: 2'));
  editFile(dir, 'bundle/objects/company.yaml', (yaml) =>
    yaml
      .replace('    label: Size\n', '    label: Company size\n')
      .replace('indexes: []', '  - key: website\n    name: website\n    label: Website\n    type: URL\nindexes: []'),
  );
}

const v1 = () => readTemplateFolder(join(import.meta.dirname, 'fixtures', 'mini'));
const v2 = () => readTemplateFolder(join(root, 'mini'));

/** A field relabelled by an admin through /metadata. */
async function relabel(ws: Workspace, object: string, field: string, label: string) {
  const result = await graphql({
    schema: buildMetadataSchema(),
    source: `mutation { updateField(object: "${object}", name: "${field}", input: { label: "${label}" }) { applied } }`,
    contextValue: {
      db: fx.db,
      workspaceId: ws.id,
      actor: { kind: 'system', id: null, role: 'admin' },
      metadata: fx.metadata,
    },
  });
  expect(result.errors).toBeUndefined();
}

const labels = async (ws: Workspace) => {
  const { rows } = await fx.db.query<{ field: string; label: string }>(
    `select o.key || '.' || f.key as field, f.label from relata.fields f join relata.objects o on o.id = f.object_id
     where o.workspace_id = $1 and o.key in ('company', 'contact') order by 1`,
    [ws.id],
  );
  return Object.fromEntries(rows.map((r) => [r.field, r.label]));
};

const version = async (ws: Workspace) =>
  (await fx.db.query<{ v: number }>('select metadata_version as v from relata.workspaces where id = $1', [ws.id]))
    .rows[0]!.v;

describe('template upgrade', () => {
  test('a higher version upgrades by plan and keeps the admin change; no second seed', async () => {
    const ws = await freshWorkspace(fx, 'tpl_up');
    const templates = templateService(fx);
    await templates.install(ws.id, await v1());
    await relabel(ws, 'contact', 'fullName', 'Name');

    const status = await templates.status(ws.id, await v2());
    expect(status).toMatchObject({ installedVersion: 1, version: 2, conflicts: [] });
    expect(status.adminChanges).toEqual([
      { file: 'objects/contact.yaml', change: 'changed', paths: ['fields[fullName].label'] },
    ]);
    expect(status.templateChanges).toEqual([
      { file: 'objects/company.yaml', change: 'changed', paths: ['fields[size].label', 'fields[website]'] },
    ]);

    const planned = await templates.upgrade(ws.id, await v2(), { dryRun: true });
    expect(planned).toMatchObject({ applied: false, conflicts: [], fromVersion: 1, version: 2 });
    expect(planned.steps.map((s) => s.target).sort()).toEqual(['field company.size', 'field company.website']);

    const upgraded = await templates.upgrade(ws.id, await v2());
    expect(upgraded.applied).toBe(true);
    expect(await labels(ws)).toMatchObject({
      'contact.fullName': 'Name',
      'company.size': 'Company size',
      'company.website': 'Website',
    });
    expect(await templates.installed(ws.id, 'mini')).toMatchObject({ version: 2, upgradedAt: expect.any(Date) });
    expect(await fx.count(ws, 'companies')).toBe(3);
    expect(await fx.count(ws, 'contacts')).toBe(4);

    // The relabel is still the admin's after the upgrade: shown as theirs, kept by the next upgrade.
    const after = await templates.status(ws.id, await v2());
    expect(after).toMatchObject({ installedVersion: 2, templateChanges: [], conflicts: [] });
    expect(after.adminChanges).toEqual([
      { file: 'objects/contact.yaml', change: 'changed', paths: ['fields[fullName].label'] },
    ]);
    // Upgrading again, or installing version 2 again, changes nothing.
    const before = await version(ws);
    expect((await templates.upgrade(ws.id, await v2())).steps).toEqual([]);
    expect(await templates.install(ws.id, await v2())).toMatchObject({ applied: false, steps: [] });
    expect(await version(ws)).toBe(before);
  });

  test('the same field changed both ways is a conflict with file and path, and nothing is applied until a side is chosen', async () => {
    const ws = await freshWorkspace(fx, 'tpl_conflict');
    const templates = templateService(fx);
    await templates.install(ws.id, await v1());
    await relabel(ws, 'company', 'size', 'Headcount');
    const before = await version(ws);

    const stopped = await templates.upgrade(ws.id, await v2());
    expect(stopped).toMatchObject({ applied: false, steps: [] });
    expect(stopped.conflicts).toEqual([
      { file: 'objects/company.yaml', path: 'fields[size].label', mine: 'Headcount', theirs: 'Company size' },
    ]);
    expect(await version(ws)).toBe(before);
    expect(await labels(ws)).not.toHaveProperty('company.website');
    expect(await templates.installed(ws.id, 'mini')).toMatchObject({ version: 1 });

    const mine = await templates.upgrade(ws.id, await v2(), { prefer: 'mine' });
    expect(mine.applied).toBe(true);
    expect(await labels(ws)).toMatchObject({ 'company.size': 'Headcount', 'company.website': 'Website' });
  });

  test('prefer template takes the template side of a conflict', async () => {
    const ws = await freshWorkspace(fx, 'tpl_theirs');
    const templates = templateService(fx);
    await templates.install(ws.id, await v1());
    await relabel(ws, 'company', 'size', 'Headcount');
    expect((await templates.upgrade(ws.id, await v2(), { prefer: 'template' })).applied).toBe(true);
    expect(await labels(ws)).toMatchObject({ 'company.size': 'Company size' });
  });
});
