import { qualify, systemMigrations } from '@relata/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from '../graphql/graphql-kit';

// Migrations that change every object table, run against a table made before them.
let kit: GraphqlKit;
beforeAll(async () => {
  kit = await createGraphqlKit('object_table_migrations');
});
afterAll(() => kit?.close());

/** Runs the named migration's SQL on the kit's database, twice (a second node, a retried start). */
async function runTwice(name: string): Promise<void> {
  const entry = systemMigrations.find((m) => m.name === name)!;
  const migration = new entry.class(null as never, null as never);
  await migration.up();
  for (let run = 0; run < 2; run++) {
    for (const sql of migration.getQueries()) await kit.test.opened.db.query(String(sql));
  }
}

const table = () => qualify(kit.snapshot.schemaName, 'companies');

test('older tables get the owner index', async () => {
  const db = kit.test.opened.db;
  await db.query(`drop index ${qualify(kit.snapshot.schemaName, 'companies_owner_id_idx')}`);
  await runTwice('OwnerIndexes');
  const { rows } = await db.query<{ indexdef: string }>(
    `select indexdef from pg_indexes where schemaname = $1 and indexname = 'companies_owner_id_idx'`,
    [kit.snapshot.schemaName],
  );
  expect(rows[0]?.indexdef).toContain('(owner_id)');
});

test('older tables get the shown columns, empty, with their rows untouched', async () => {
  const db = kit.test.opened.db;
  const id = await kit.insert('company', { name: 'Old Co' });
  await db.query(
    `alter table ${table()} drop column shown_version, drop column shown_updated_at, drop column shown_updated_by`,
  );
  await runTwice('ShownChangeColumns');
  const { rows } = await db.query(
    `select name, version, shown_version, shown_updated_at, shown_updated_by from ${table()} where id = $1`,
    [id],
  );
  expect(rows).toEqual([
    { name: 'Old Co', version: 1, shown_version: null, shown_updated_at: null, shown_updated_by: null },
  ]);
});
