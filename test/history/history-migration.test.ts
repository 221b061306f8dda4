import { systemMigrations } from '@relata/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from '../graphql/graphql-kit';

let kit: GraphqlKit;
beforeAll(async () => {
  kit = await createGraphqlKit('history_migration');
});
afterAll(() => kit?.close());

/** The SQL the migration runs (MikroORM collects it with `addSql`; no driver is needed for that). */
async function migrationSql(name: string): Promise<string[]> {
  const entry = systemMigrations.find((m) => m.name === name);
  if (!entry) throw new Error(`no migration ${name}`);
  const migration = new entry.class(null as never, null as never);
  await migration.up();
  return migration.getQueries().map(String);
}

test('the migration drops the keys of fields that no longer exist from older audit rows', async () => {
  const db = kit.test.opened.db;
  const record = '0190a000-0000-7000-8000-0000000000c1';
  await db.query(
    `insert into relata.audit_log (workspace_id, object_name, record_id, action, actor_kind, via, before, after, changed_fields)
     values ($1, 'company', $2, 'update', 'system', 'api', $3, $4, array['ghost', 'name', 'tier', 'ownerId'])`,
    [
      kit.snapshot.workspaceId,
      record,
      JSON.stringify({ ghost: 'old secret', name: 'A', tier: 'SMB', ownerId: null }),
      JSON.stringify({ ghost: 'new secret', name: 'B', tier: 'MID', ownerId: null }),
    ],
  );
  for (const sql of await migrationSql('HistoryOfLiveFields')) await db.query(sql);
  const { rows } = await db.query('select before, after, changed_fields from relata.audit_log where record_id = $1', [
    record,
  ]);
  expect(rows).toEqual([
    {
      before: { name: 'A', tier: 'SMB', ownerId: null },
      after: { name: 'B', tier: 'MID', ownerId: null },
      changed_fields: ['name', 'tier', 'ownerId'],
    },
  ]);
});
