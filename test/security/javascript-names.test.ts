import { JAVASCRIPT_RESERVED_NAMES, type Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';

// Issue 8, item 11: a field named `toString` broke every later create and update
// (`data.toString: must be a string`), and `constructor` / `prototype` fields could never be
// written: records and inputs are plain objects, whose prototype answers to those names. Every
// user-chosen name that becomes such a key (field, inverse relation, object) refuses them now,
// on create, on rename and in a bundle, before anything reaches the database.
let fx: MetadataFixture;
let ws: Workspace;
beforeAll(async () => {
  fx = await createMetadataFixture();
  ws = await fx.workspace('js_names');
  await fx.metadata.createObject(ws.id, {
    nameSingular: 'deal',
    namePlural: 'deals',
    labelSingular: 'Deal',
    labelPlural: 'Deals',
  });
  await fx.metadata.createField(ws.id, 'deal', { name: 'title', label: 'Title', type: 'TEXT' });
});
afterAll(() => fx?.test.drop());

const NAMES = [...JAVASCRIPT_RESERVED_NAMES];
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (error: unknown) => error,
  );
const fieldsOfDeal = async () =>
  (
    await fx.db.query<{ name: string }>(
      `select f.name from relata.fields f join relata.objects o on o.id = f.object_id
        where o.workspace_id = $1 and o.name_singular = 'deal' order by f.name`,
      [ws.id],
    )
  ).rows.map((row) => row.name);

describe('names every JavaScript object has', () => {
  test('cover toString, valueOf, hasOwnProperty, constructor, prototype and __proto__', () => {
    for (const name of ['toString', 'valueOf', 'hasOwnProperty', 'constructor', 'prototype', '__proto__']) {
      expect(JAVASCRIPT_RESERVED_NAMES.has(name)).toBe(true);
    }
  });

  test.each(NAMES)('%s is refused as a new field, naming input.name', async (name) => {
    const error = await refusal(fx.metadata.createField(ws.id, 'deal', { name, label: name, type: 'TEXT' }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.name' } });
  });

  test.each(NAMES)('%s is refused as the new name of a field', async (name) => {
    const error = await refusal(fx.metadata.updateField(ws.id, 'deal', 'title', { name }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.name' } });
  });

  test.each(['toString', 'constructor', 'valueOf'])('%s is refused as an inverse relation name', async (name) => {
    const error = await refusal(
      fx.metadata.createField(ws.id, 'deal', {
        name: 'partner',
        label: 'Partner',
        type: 'RELATION',
        relation: { target: 'deal', kind: 'MANY_TO_ONE', inverseName: name },
      }),
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.relation.inverseName' } });
  });

  test.each(['constructor', 'toString', 'prototype'])('%s is refused as an object name', async (name) => {
    const error = await refusal(
      fx.metadata.createObject(ws.id, {
        nameSingular: name,
        namePlural: `${name}Items`,
        labelSingular: name,
        labelPlural: name,
      }),
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.nameSingular' } });
  });

  test('a bundle holding one is refused whole', async () => {
    const error = await refusal(
      fx.metadata.applyBundle(ws.id, {
        objects: [
          {
            nameSingular: 'ticket',
            namePlural: 'tickets',
            labelSingular: 'Ticket',
            labelPlural: 'Tickets',
            fields: [
              { name: 'subject', label: 'Subject', type: 'TEXT' },
              { name: 'hasOwnProperty', label: 'Has own property', type: 'BOOLEAN' },
            ],
          },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await fx.count(ws, 'tickets').catch(() => -1)).toBe(-1);
    expect(await fieldsOfDeal()).toEqual(['title']);
  });
});
