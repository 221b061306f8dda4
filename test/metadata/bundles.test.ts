import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';

let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(async () => {
  await fx.test.drop();
});

const object = (nameSingular: string, namePlural: string, fields: unknown[] = []) => ({
  nameSingular,
  namePlural,
  labelSingular: nameSingular,
  labelPlural: namePlural,
  fields,
});

describe('bundles', () => {
  test('a related data model is created in one version bump, relations in any order', async () => {
    const ws = await fx.workspace('crm');
    const change = await fx.metadata.applyBundle(ws.id, {
      objects: [
        object('opportunity', 'opportunities', [
          { name: 'name', label: 'Name', type: 'TEXT', required: true },
          { name: 'amount', label: 'Amount', type: 'CURRENCY' },
          {
            name: 'company',
            label: 'Company',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'opportunities' },
          },
        ]),
        object('person', 'people', [
          { name: 'name', label: 'Name', type: 'FULL_NAME' },
          {
            name: 'company',
            label: 'Company',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'people' },
          },
        ]),
        object('company', 'companies', [{ name: 'name', label: 'Name', type: 'TEXT' }]),
      ],
    });
    expect(change.metadataVersion).toBe(ws.metadataVersion + 1);
    const objects = await fx.db.query<{ name_singular: string; label_field: string }>(
      'select name_singular, label_field from relata.objects where workspace_id = $1 order by 1',
      [ws.id],
    );
    expect(objects.rows).toEqual([
      { name_singular: 'company', label_field: 'name' },
      { name_singular: 'opportunity', label_field: 'name' },
      { name_singular: 'person', label_field: 'name' },
    ]);
    // Deleting the target object is refused while relations point at it.
    await expect(fx.metadata.deleteObject(ws.id, 'company')).rejects.toMatchObject({
      details: { field: 'name' },
      message: expect.stringContaining('opportunity.company, person.company'),
    });
    // A second bundle adds fields to an existing object.
    await fx.metadata.applyBundle(ws.id, {
      objects: [object('company', 'companies', [{ name: 'website', label: 'Website', type: 'URL' }])],
    });
    expect(await fx.columns(ws, 'companies')).toHaveProperty('website', 'text');
  });

  test('an object with 300 fields', async () => {
    const ws = await fx.workspace('wide');
    const types = ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'CURRENCY', 'EMAIL'];
    const fields = Array.from({ length: 300 }, (_, i) => ({
      name: `field${i}`,
      label: `Field ${i}`,
      type: types[i % types.length],
    }));
    await fx.metadata.applyBundle(ws.id, { objects: [object('wideThing', 'wideThings', fields)] });
    // CURRENCY has two columns: 300 fields + 50 extra columns + 12 standard ones.
    expect(Object.keys(await fx.columns(ws, 'wide_things'))).toHaveLength(362);
    const change = await fx.metadata.createField(ws.id, 'wideThing', {
      name: 'field300',
      label: 'Field 300',
      type: 'TEXT',
    });
    expect(change.object?.fields).toHaveLength(301);
  });

  test('a workspace with 200 objects', async () => {
    const ws = await fx.workspace('many');
    const objects = Array.from({ length: 200 }, (_, i) =>
      object(`thing${i}`, `things${i}`, [
        { name: 'name', label: 'Name', type: 'TEXT' },
        ...(i > 0
          ? [
              {
                name: 'parent',
                label: 'Parent',
                type: 'RELATION',
                relation: { target: `thing${i - 1}`, kind: 'MANY_TO_ONE', inverseName: 'children' },
              },
            ]
          : []),
      ]),
    );
    await fx.metadata.applyBundle(ws.id, { objects });
    const { rows } = await fx.db.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname = $1 and tablename <> '_activity_targets'",
      [ws.schemaName],
    );
    expect(rows[0]!.n).toBe(200);
    const change = await fx.metadata.createObject(ws.id, {
      nameSingular: 'thing200',
      namePlural: 'things200',
      labelSingular: 'Thing',
      labelPlural: 'Things',
    });
    expect(change.metadataVersion).toBe(ws.metadataVersion + 2);
  });
});
