import type { Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';

let fx: MetadataFixture;
let ws: Workspace;
beforeAll(async () => {
  fx = await createMetadataFixture();
  ws = await fx.workspace('graph');
  await fx.metadata.applyBundle(ws.id, {
    objects: [
      {
        nameSingular: 'company',
        namePlural: 'companies',
        labelSingular: 'Company',
        labelPlural: 'Companies',
        fields: [
          { name: 'name', label: 'Name', type: 'TEXT', unique: true },
          { name: 'address', label: 'Address', type: 'ADDRESS', required: true, indexed: true },
        ],
      },
      {
        nameSingular: 'person',
        namePlural: 'people',
        labelSingular: 'Person',
        labelPlural: 'People',
        fields: [
          { name: 'name', label: 'Name', type: 'FULL_NAME' },
          {
            name: 'employer',
            label: 'Employer',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'employees' },
          },
          {
            name: 'boards',
            label: 'Boards',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_MANY', inverseName: 'boardMembers' },
          },
        ],
      },
    ],
  });
  const company = '0190a000-0000-7000-8000-00000000000a';
  const person = '0190a000-0000-7000-8000-00000000000b';
  await fx.db.query(`insert into ws_graph.companies (id, name, address_city) values ($1, 'Acme', 'Paris')`, [company]);
  await fx.db.query(`insert into ws_graph.people (id, name_first_name, employer_id) values ($1, 'Ada', $2)`, [
    person,
    company,
  ]);
  await fx.db.query('insert into ws_graph.people_boards (source_id, target_id) values ($1, $2)', [person, company]);
});
afterAll(async () => {
  await fx.test.drop();
});

const relationNames = async () =>
  (
    await fx.db.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'ws_graph' and c.relname not like '\\_activity\\_targets%' order by 1`,
    )
  ).rows.map((r) => r.name);

describe('renames of objects with indexes, constraints and relations', () => {
  test('every table, index and junction follows the new names', async () => {
    await fx.metadata.updateObject(ws.id, 'person', { nameSingular: 'contact', namePlural: 'contacts' });
    await fx.metadata.updateObject(ws.id, 'company', { nameSingular: 'organization', namePlural: 'organizations' });
    await fx.metadata.updateField(ws.id, 'contact', 'boards', { name: 'boardSeats', label: 'Board seats' });
    expect(await relationNames()).toEqual([
      'contacts',
      'contacts_board_seats',
      'contacts_board_seats_pkey',
      'contacts_board_seats_target_idx',
      'contacts_employer_idx',
      'contacts_owner_id_idx',
      'contacts_pkey',
      'contacts_search_idx',
      'organizations',
      'organizations_address_idx',
      'organizations_name_key',
      'organizations_owner_id_idx',
      'organizations_pkey',
      'organizations_search_idx',
    ]);
    const { rows } = await fx.db.query(
      `select o.name, c.name_first_name from ws_graph.contacts c
       join ws_graph.organizations o on o.id = c.employer_id
       join ws_graph.contacts_board_seats b on b.source_id = c.id and b.target_id = o.id`,
    );
    expect(rows).toEqual([{ name: 'Acme', name_first_name: 'Ada' }]);
    const snapshotTarget = await fx.db.query<{ settings: { relation: { target: string; junctionTable?: string } } }>(
      `select settings from relata.fields where workspace_id = $1 and name in ('employer', 'boardSeats') order by name`,
      [ws.id],
    );
    expect(snapshotTarget.rows.map((r) => r.settings.relation)).toMatchObject([
      { target: 'organization', junctionTable: 'contacts_board_seats' },
      { target: 'organization' },
    ]);
  });

  test('onDelete changes re-create the foreign key', async () => {
    await fx.metadata.updateField(ws.id, 'contact', 'employer', { relation: { onDelete: 'CASCADE' } });
    const { rows } = await fx.db.query<{ rule: string }>(
      `select confdeltype as rule from pg_constraint where conname = 'contacts_employer_fkey'`,
    );
    expect(rows).toEqual([{ rule: 'c' }]);
  });
});

describe('deletes', () => {
  test('deleting a field drops its junction and warns with the count', async () => {
    const change = await fx.metadata.deleteField(ws.id, 'contact', 'boardSeats');
    expect(change.warnings).toEqual(['1 link(s) of contact.boardSeats will be deleted.']);
    expect(await relationNames()).not.toContain('contacts_board_seats');
  });

  test('an object is deleted once nothing points at it', async () => {
    await expect(fx.metadata.deleteObject(ws.id, 'organization')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const dry = await fx.metadata.deleteObject(ws.id, 'contact', { dryRun: true });
    expect(dry).toMatchObject({
      applied: false,
      affectedRows: 1,
      warnings: ['1 People record(s) will be deleted with the object.'],
    });
    await fx.metadata.deleteObject(ws.id, 'contact');
    await fx.metadata.deleteObject(ws.id, 'organization');
    expect(await relationNames()).toEqual([]);
    const { rows } = await fx.db.query('select 1 from relata.fields where workspace_id = $1', [ws.id]);
    expect(rows).toEqual([]);
  });
});
