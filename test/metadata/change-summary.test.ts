import type { Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';

let fx: MetadataFixture;
let ws: Workspace;
const dry = { dryRun: true };

// A workspace with `deal` holding 3 rows and `tag`: every summary below counts those rows now.
beforeAll(async () => {
  fx = await createMetadataFixture();
  ws = await fx.workspace('summary');
  await fx.metadata.applyBundle(ws.id, {
    objects: [
      {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
        fields: [
          { name: 'title', label: 'Title', type: 'TEXT' },
          { name: 'code', label: 'Code', type: 'TEXT' },
          {
            name: 'stage',
            label: 'Stage',
            type: 'SELECT',
            options: [
              { value: 'NEW', label: 'New' },
              { value: 'WON', label: 'Won' },
            ],
          },
        ],
      },
      {
        nameSingular: 'label',
        namePlural: 'labels',
        labelSingular: 'Label',
        labelPlural: 'Labels',
        fields: [{ name: 'name', label: 'Name', type: 'TEXT' }],
      },
    ],
  });
  for (const [i, code] of ['10', '20', '30'].entries()) {
    await fx.db.query(`insert into "${ws.schemaName}".deals (id, title, code, stage) values ($1, $2, $3, 'NEW')`, [
      `0190a000-0000-7000-8000-00000000000${i}`,
      `Deal ${i}`,
      code,
    ]);
  }
});
afterAll(async () => {
  await fx.test.drop();
});

describe('a change summary says in plain words what the plan does to stored data', () => {
  test('adding a column, with the row count of now', async () => {
    const change = await fx.metadata.createField(ws.id, 'deal', { name: 'note', label: 'Note', type: 'TEXT' }, dry);
    expect(change.summary).toEqual(['Adds a column to 3 deals; nothing is rewritten.']);
  });

  test('removing a column loses its values; a searched one rebuilds the search text', async () => {
    const change = await fx.metadata.deleteField(ws.id, 'deal', 'code', dry);
    expect(change.summary).toEqual([
      'Removes a column and its values from 3 deals.',
      'Rebuilds the search text of all 3 deals (each row is rewritten).',
    ]);
  });

  test('converting a type rewrites the table', async () => {
    const change = await fx.metadata.updateField(ws.id, 'deal', 'code', { type: 'NUMBER' }, dry);
    expect(change.summary).toContain(
      'Converts the values of 3 deals: the table is rewritten and locked while it runs.',
    );
  });

  test('a new required rule checks every row', async () => {
    const change = await fx.metadata.updateField(ws.id, 'deal', 'title', { required: true }, dry);
    expect(change.summary).toContain('Checks all 3 deals against the new rule.');
  });

  test('renaming an option changes the stored values it names', async () => {
    const change = await fx.metadata.updateField(
      ws.id,
      'deal',
      'stage',
      {
        options: [
          { value: 'OPEN', label: 'Open', renameFrom: 'NEW' },
          { value: 'WON', label: 'Won' },
        ],
      },
      dry,
    );
    expect(change.summary).toContain('Changes stored values in 3 of 3 deals.');
  });

  test('a many-to-many relation adds a link table, not a rewrite', async () => {
    const change = await fx.metadata.createField(
      ws.id,
      'deal',
      {
        name: 'tags',
        label: 'Tags',
        type: 'RELATION',
        relation: { target: 'label', kind: 'MANY_TO_MANY', inverseName: 'deals' },
      },
      dry,
    );
    expect(change.summary).toContain(
      'Creates the link table of a many-to-many relation of deals; their 3 records are not rewritten.',
    );
  });

  test('labels only: metadata, no data', async () => {
    const change = await fx.metadata.updateField(ws.id, 'deal', 'title', { label: 'Deal title' }, dry);
    expect(change.summary).toEqual(['Changes metadata only; no stored data is touched.']);
  });

  test('a new object, and deleting one with its records', async () => {
    const created = await fx.metadata.createObject(
      ws.id,
      { nameSingular: 'lead', namePlural: 'leads', labelSingular: 'Lead', labelPlural: 'Leads' },
      dry,
    );
    expect(created.summary).toEqual(['Creates the table of leads; no existing data is touched.']);
    const deleted = await fx.metadata.deleteObject(ws.id, 'deal', dry);
    expect(deleted.summary).toContain('Deletes deals with all 3 records.');
  });
});
