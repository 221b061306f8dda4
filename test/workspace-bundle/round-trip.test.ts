import { createWorkspaceBundleService, loadSnapshot, type WorkspaceBundleService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { buildRichModel, edited } from './bundle-fixture';

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db });
});
afterAll(async () => {
  await fx.test.drop();
});

describe('workspace bundle round trip', () => {
  test('export -> apply to an empty workspace -> export gives the same bytes; a second apply plans nothing', async () => {
    const source = await fx.workspace('rt_source');
    await buildRichModel(fx.db, fx.metadata, source);
    const files = await bundles.exportWorkspace(source.id);
    const paths = files.map((f) => f.path);
    expect(paths[0]).toBe('relata.yaml');
    expect(paths).toEqual(
      [...paths].sort((x, y) => (x === 'relata.yaml' ? -1 : y === 'relata.yaml' ? 1 : x < y ? -1 : 1)),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'objects/company.yaml',
        'objects/deal.yaml',
        'objects/person.yaml',
        'objects/task.yaml',
        'roles/member.yaml',
        'roles/read_only.yaml',
        'roles/sales_rep.yaml',
        'views/open_deals.yaml',
        'views/pipeline.yaml',
      ]),
    );
    expect(paths.some((p) => p.startsWith('views/mine'))).toBe(false);
    for (const path of [
      'relata.yaml',
      'objects/deal.yaml',
      'objects/company.yaml',
      'views/open_deals.yaml',
      'roles/sales_rep.yaml',
    ]) {
      expect(files.find((f) => f.path === path)?.content).toMatchSnapshot(path);
    }

    const target = await fx.workspace('rt_target');
    const applied = await bundles.apply(target.id, files);
    expect(applied.steps.map((s) => `${s.kind} ${s.target}`)).toContain('create object deal');
    expect(applied.metadataVersion).toBe((await loadSnapshot(fx.db, target.id)).version);
    expect(await bundles.exportWorkspace(target.id)).toEqual(files);

    expect((await bundles.plan(target.id, files)).steps).toEqual([]);
    expect((await bundles.plan(source.id, files)).steps).toEqual([]);
    const version = (await loadSnapshot(fx.db, target.id)).version;
    expect((await bundles.apply(target.id, files)).metadataVersion).toBe(version);
  });

  test('a rename in the files plans as a rename and keeps the data; references by key follow it', async () => {
    const ws = await fx.workspace('rt_rename');
    await buildRichModel(fx.db, fx.metadata, ws);
    await fx.db.query(
      `insert into "${ws.schemaName}"."deals" (id, title, amount) values (gen_random_uuid(), 'Big', 500)`,
    );
    const files = await bundles.exportWorkspace(ws.id);
    const renamed = edited(files, 'objects/deal.yaml', (c) =>
      c
        .replace('  - key: amount\n    name: amount\n', '  - key: amount\n    name: value\n')
        .replace('namePlural: deals', 'namePlural: opportunities'),
    );
    const plan = await bundles.plan(ws.id, renamed);
    expect(plan.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(['rename field deal.amount', 'rename object deal']);
    expect(plan.steps[0]!.sql.join('\n')).toContain('rename column "amount" to "value"');
    expect(plan.steps.every((s) => s.impact.droppedRows === null)).toBe(true);

    await bundles.apply(ws.id, renamed);
    const { rows } = await fx.db.query<{ value: string }>(`select value from "${ws.schemaName}"."opportunities"`);
    expect(rows.map((r) => Number(r.value))).toEqual([500]);
    // Views, formulas, roll-ups and indexes name the field by key: their files do not change.
    expect(await bundles.exportWorkspace(ws.id)).toEqual(renamed);
    expect((await bundles.plan(ws.id, renamed)).steps).toEqual([]);
  });

  test('fields only in the workspace are kept, or with prune planned as deletes with the values they drop', async () => {
    const ws = await fx.workspace('rt_prune');
    await buildRichModel(fx.db, fx.metadata, ws);
    await fx.db.query(
      `insert into "${ws.schemaName}"."companies" (id, name, tier) values (gen_random_uuid(), 'A', 2), (gen_random_uuid(), 'B', null)`,
    );
    const files = edited(await bundles.exportWorkspace(ws.id), 'objects/company.yaml', (c) =>
      c.replace(/ {2}- key: tier\n( {4}.*\n)+/, ''),
    );
    const kept = await bundles.plan(ws.id, files);
    expect(kept.steps).toEqual([]);
    expect(kept.kept).toEqual(['field company.tier']);
    const pruned = await bundles.plan(ws.id, files, { prune: true });
    expect(pruned.steps.map((s) => [`${s.kind} ${s.target}`, s.impact.droppedRows])).toEqual([
      ['delete field company.tier', 1],
    ]);
    expect(pruned.steps[0]!.warnings.join()).toContain('1 record(s) hold a value');
  });
});
