/**
 * A template upgrade that removes things (issue 15, bespoke on top): what the new version no
 * longer has and the admin left alone is dropped, with its data impact in the plan; what holds
 * data written since the install is kept with a warning; what the admin changed is a conflict.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplateFolder, type Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { copyFixtures, editFile, freshWorkspace, templateService } from './template-fixture';

/** An object with one text field, no seed: the template's to add and take back. */
const plainObject = (key: string, plural: string) => `key: ${key}
nameSingular: ${key}
namePlural: ${plural}
labelSingular: ${key}
labelPlural: ${plural}
fields:
  - key: title
    name: title
    label: Title
    type: TEXT
indexes: []
`;

let fx: MetadataFixture;
let v1Dir: string;
let v2Dir: string;
beforeAll(async () => {
  fx = await createMetadataFixture();
  // Version 1: the mini template with two more objects.
  v1Dir = join(copyFixtures(), 'mini');
  writeFileSync(join(v1Dir, 'bundle', 'objects', 'tag.yaml'), plainObject('tag', 'tags'));
  writeFileSync(join(v1Dir, 'bundle', 'objects', 'memo.yaml'), plainObject('memo', 'memos'));
  // Version 2 drops both objects, the company's revenue, the contact's email and the dashboard.
  v2Dir = join(copyFixtures(), 'mini');
  editFile(v2Dir, 'template.yaml', (yaml) => yaml.replace('version: 1', 'version: 2'));
  editFile(v2Dir, 'bundle/objects/company.yaml', (yaml) => yaml.replace(/ {2}- key: revenue\n(?: {4}.*\n)+/, ''));
  editFile(v2Dir, 'bundle/objects/contact.yaml', (yaml) => yaml.replace(/ {2}- key: email\n(?: {4}.*\n)+/, ''));
  rmSync(join(v2Dir, 'bundle', 'dashboards', 'overview.yaml'));
}, 60_000);
afterAll(() => fx.test.drop());

const sql = async (ws: Workspace, text: string) => fx.db.query(text.replaceAll('$schema', `"${ws.schemaName}"`));

describe('template upgrade removals', () => {
  test('what the template removed and nobody touched is dropped; what holds data written since is kept with a warning', async () => {
    const ws = await freshWorkspace(fx, 'tpl_removals');
    const templates = templateService(fx);
    await templates.install(ws.id, await readTemplateFolder(v1Dir));
    // The admin's data since the install: a memo, and a contact's email changed.
    await sql(ws, `insert into $schema."memos" (id, title) values (gen_random_uuid(), 'call back')`);
    await sql(
      ws,
      `update $schema."contacts" set email = 'ada@new.example', updated_at = now() where email like 'ada@%'`,
    );

    const v2 = await readTemplateFolder(v2Dir);
    const status = await templates.status(ws.id, v2);
    expect(status.templateChanges.map((c) => `${c.change} ${c.file} ${c.paths.join(',')}`)).toEqual([
      'removed dashboards/overview.yaml ',
      'changed objects/company.yaml fields[revenue]',
      'changed objects/contact.yaml fields[email]',
      'removed objects/memo.yaml ',
      'removed objects/tag.yaml ',
    ]);

    const planned = await templates.upgrade(ws.id, v2, { dryRun: true });
    expect(planned).toMatchObject({ applied: false, conflicts: [] });
    const deletes = planned.steps.filter((s) => s.kind === 'delete');
    expect(deletes.map((s) => s.target).sort()).toEqual(['dashboard overview', 'field company.revenue', 'object tag']);
    // The plan shows what a drop takes: the seed's two revenues.
    expect(deletes.find((s) => s.target === 'field company.revenue')!.impact.droppedRows).toBe(2);
    expect(planned.kept).toEqual(expect.arrayContaining(['object memo', 'field contact.email']));
    expect(planned.warnings).toEqual([
      expect.stringMatching(/^The template no longer has field contact\.email; it is kept: 1 record\(s\)/),
      expect.stringMatching(/^The template no longer has object memo; it is kept: 1 record\(s\)/),
    ]);

    const upgraded = await templates.upgrade(ws.id, v2);
    expect(upgraded).toMatchObject({ applied: true, warnings: planned.warnings });
    expect(upgraded.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(
      planned.steps.map((s) => `${s.kind} ${s.target}`),
    );
    expect(await fx.columns(ws, 'companies')).not.toHaveProperty('revenue_amount');
    expect(await fx.columns(ws, 'contacts')).toHaveProperty('email');
    const tables = await sql(
      ws,
      `select to_regclass('$schema."tags"') as tags, to_regclass('$schema."memos"') as memos`,
    );
    expect(tables.rows[0]).toEqual({ tags: null, memos: expect.anything() });
    expect(await fx.count(ws, 'memos')).toBe(1);
    expect(await fx.count(ws, 'companies')).toBe(3);
    const dashboards = await fx.db.query('select key from relata.dashboards where workspace_id = $1', [ws.id]);
    expect(dashboards.rows).toEqual([]);

    // Kept things are the workspace's own now: a second upgrade neither drops nor warns again.
    const again = await templates.upgrade(ws.id, v2);
    expect(again).toMatchObject({ steps: [], warnings: [] });
  });

  test('a removed field the admin changed is a conflict; preferring their side keeps it, the template side drops it', async () => {
    const ws = await freshWorkspace(fx, 'tpl_removal_conflict');
    const templates = templateService(fx);
    await templates.install(ws.id, await readTemplateFolder(v1Dir));
    await fx.metadata.updateField(ws.id, 'company', 'revenue', { label: 'Turnover' });
    const v2 = await readTemplateFolder(v2Dir);

    const stopped = await templates.upgrade(ws.id, v2);
    expect(stopped).toMatchObject({ applied: false, steps: [] });
    expect(stopped.conflicts.map((c) => `${c.file} ${c.path}`)).toEqual(['objects/company.yaml fields[revenue]']);

    const mine = await templates.upgrade(ws.id, v2, { prefer: 'mine', dryRun: true });
    expect(mine.steps.map((s) => s.target)).not.toContain('field company.revenue');
    const theirs = await templates.upgrade(ws.id, v2, { prefer: 'template' });
    expect(theirs.steps.map((s) => `${s.kind} ${s.target}`)).toContain('delete field company.revenue');
    expect(await fx.columns(ws, 'companies')).not.toHaveProperty('revenue_amount');
  });

  test("a removed object one of the admin's relations still points to is kept with a warning, not a failed upgrade", async () => {
    const ws = await freshWorkspace(fx, 'tpl_removal_relation');
    const templates = templateService(fx);
    await templates.install(ws.id, await readTemplateFolder(v1Dir));
    await fx.metadata.createField(ws.id, 'contact', {
      name: 'favouriteTag',
      label: 'Favourite tag',
      type: 'RELATION',
      relation: { target: 'tag', kind: 'MANY_TO_ONE', inverseName: 'fans', onDelete: 'SET_NULL' },
    });
    const v2 = await readTemplateFolder(v2Dir);

    const planned = await templates.upgrade(ws.id, v2, { dryRun: true });
    expect(planned.steps.map((s) => s.target)).not.toContain('object tag');
    expect(planned.warnings).toContain(
      'The template no longer has object tag; it is kept: contact.favouriteTag still point(s) to it. Delete that relation first if it is no longer needed.',
    );
    const upgraded = await templates.upgrade(ws.id, v2);
    expect(upgraded).toMatchObject({ applied: true, warnings: planned.warnings });
    expect(upgraded.steps.map((s) => `${s.kind} ${s.target}`)).toContain('delete object memo');
    const tables = await sql(ws, `select to_regclass('$schema."tags"') as tags`);
    expect(tables.rows[0]).toEqual({ tags: expect.anything() });
    expect(await fx.columns(ws, 'contacts')).toHaveProperty('favourite_tag_id');
  });
});
