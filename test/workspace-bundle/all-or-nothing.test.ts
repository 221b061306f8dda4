import { createWorkspaceBundleService, loadSnapshot, type WorkspaceBundleService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { buildRichModel, edited, relataError } from './bundle-fixture';

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db });
});
afterAll(async () => {
  await fx.test.drop();
});

const INVOICE = `key: invoice
nameSingular: invoice
namePlural: invoices
labelSingular: Invoice
labelPlural: Invoices
fields:
  - key: number
    name: number
    label: Number
    type: TEXT
`;

describe('workspace bundle apply is all or nothing', () => {
  test('a step whose SQL fails rolls back every step before it; the version stays', async () => {
    const ws = await fx.workspace('aon_sql');
    await buildRichModel(fx.db, fx.metadata, ws);
    const before = await bundles.exportWorkspace(ws.id);
    const version = (await loadSnapshot(fx.db, ws.id)).version;
    const files = [
      ...edited(before, 'objects/deal.yaml', (c) =>
        c.replace('indexes:\n', '  - key: notes\n    name: notes\n    label: Notes\n    type: TEXT\nindexes:\n'),
      ),
      { path: 'objects/invoice.yaml', content: INVOICE },
    ];
    const plan = await bundles.plan(ws.id, files);
    expect(plan.steps.map((s) => `${s.kind} ${s.target}`)).toEqual([
      'create object invoice',
      'create field deal.notes',
    ]);
    // The failing step: a table nobody declared holds the name the new object's table needs.
    await fx.db.query(`create table "${ws.schemaName}"."invoices" (id int)`);
    await expect(bundles.apply(ws.id, files)).rejects.toThrow(/invoices/);
    expect((await loadSnapshot(fx.db, ws.id)).version).toBe(version);
    expect(await bundles.exportWorkspace(ws.id)).toEqual(before);
    expect(Object.keys(await fx.columns(ws, 'deals'))).not.toContain('notes');
  });

  test('a unique index over duplicate values is refused at plan, naming the file and path; nothing changes', async () => {
    const ws = await fx.workspace('aon_unique');
    await buildRichModel(fx.db, fx.metadata, ws);
    await fx.db.query(
      `insert into "${ws.schemaName}"."deals" (id, title) values (gen_random_uuid(), 'Same'), (gen_random_uuid(), 'Same')`,
    );
    const before = await bundles.exportWorkspace(ws.id);
    const files = edited(
      before,
      'objects/deal.yaml',
      (c) =>
        `${c}  - key: uniqueTitle\n    name: uniqueTitle\n    keys:\n      - field: title\n        direction: AscNullsLast\n    unique: true\n`,
    );
    const error = await bundles.apply(ws.id, files).then(() => null, relataError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', file: 'objects/deal.yaml', field: 'indexes[1].unique' });
    expect(await bundles.exportWorkspace(ws.id)).toEqual(before);
  });
});

describe('bad bundle files', () => {
  test.each([
    ['no manifest', (files: { path: string }[]) => files.filter((f) => f.path !== 'relata.yaml'), undefined, 'files'],
    ['broken YAML', 'objects/deal.yaml', (c: string) => `${c}\n  bad: [`, ''],
    [
      'an unknown type',
      'objects/deal.yaml',
      (c: string) => c.replace('type: TEXT\n', 'type: TEXTY\n'),
      'fields[0].type',
    ],
    [
      'an unknown key',
      'objects/deal.yaml',
      (c: string) => c.replace('nameSingular: deal\n', 'nameSingular: deal\ncolour: red\n'),
      '',
    ],
    [
      'a target no object has',
      'objects/deal.yaml',
      (c: string) => c.replace('target: company', 'target: firm'),
      'fields[4].relation',
    ],
    [
      'a view naming no field',
      'views/open_deals.yaml',
      (c: string) => c.replace('  - field: title\n', '  - field: titel\n'),
      'columns.0.field',
    ],
    [
      'a role naming no object',
      'roles/sales_rep.yaml',
      (c: string) => c.replace('object: deal', 'object: ticket'),
      'objects[0].object',
    ],
  ] as const)('%s: BAD_USER_INPUT naming the file and the path in it', async (_case, pathOrFilter, edit, field) => {
    const ws = await fx.workspace(`bad_${_case.replaceAll(' ', '_').replace(/[^a-z_]/g, '')}`);
    await buildRichModel(fx.db, fx.metadata, ws);
    const files = await bundles.exportWorkspace(ws.id);
    const broken =
      typeof pathOrFilter === 'function'
        ? pathOrFilter(files)
        : edited(files, pathOrFilter, edit as (c: string) => string);
    const error = await bundles.plan(ws.id, broken as typeof files).then(() => null, relataError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    if (typeof pathOrFilter === 'string') {
      expect(error?.file).toBe(pathOrFilter);
      expect(error?.message).toContain(pathOrFilter);
    }
  });
});
