import { qualify, systemMigrations } from '@relata/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from '../graphql/graphql-kit';

let kit: GraphqlKit;
beforeAll(async () => {
  kit = await createGraphqlKit('hidden_changes_migration');
});
afterAll(() => kit?.close());

test('object tables made before the shown columns get them, empty, with their rows untouched', async () => {
  const db = kit.test.opened.db;
  const table = qualify(kit.snapshot.schemaName, 'companies');
  const id = await kit.insert('company', { name: 'Old Co' });
  await db.query(
    `alter table ${table} drop column shown_version, drop column shown_updated_at, drop column shown_updated_by`,
  );
  const entry = systemMigrations.find((m) => m.name === 'ShownChangeColumns')!;
  const migration = new entry.class(null as never, null as never);
  await migration.up();
  for (const sql of migration.getQueries()) await db.query(String(sql));
  const { rows } = await db.query(
    `select name, version, shown_version, shown_updated_at, shown_updated_by from ${table} where id = $1`,
    [id],
  );
  expect(rows).toEqual([
    { name: 'Old Co', version: 1, shown_version: null, shown_updated_at: null, shown_updated_by: null },
  ]);
  // Run twice (a second node, a retried start): nothing changes.
  for (const sql of migration.getQueries()) await db.query(String(sql));
});
