import { createWorkspace, freshRowKey, slugKey, systemEntity, systemMigrations } from '@relata/core';
import type { PgDatabase } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let db: PgDatabase;
let workspaceId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.opened.db;
  workspaceId = (await createWorkspace(db, { slug: 'keyed', name: 'Keyed' })).id;
});
afterAll(() => database?.drop());

/** The SQL of the BundleKeys migration, as MikroORM's migrator would run it. */
async function migrationSql(direction: 'up' | 'down'): Promise<string[]> {
  const entry = systemMigrations.find((m) => m.name === 'BundleKeys')!;
  // The statements are only collected here; neither the driver nor the config is used for that.
  const migration = new entry.class(undefined as never, undefined as never);
  await migration[direction]();
  return migration.getQueries().map(String);
}

const NAMES = ['Sales Q4', 'sales-Q4', 'vipCustomers', '2026 plan', 'Ünïcode only'];

describe('bundle keys migration', () => {
  test('backfills each existing row with the slug of its name, _2 on a clash, as slugKey does', async () => {
    for (const sql of await migrationSql('down')) await db.query(sql);
    for (const [i, name] of NAMES.entries()) {
      await db.query(
        `insert into relata.dashboards (id, workspace_id, name, label, created_at)
         values (gen_random_uuid(), $1, $2, $2, now() + make_interval(secs => $3))`,
        [workspaceId, name, i],
      );
    }
    for (const sql of await migrationSql('up')) await db.query(sql);
    const { rows } = await db.query<{ name: string; key: string }>(
      'select name, key from relata.dashboards where workspace_id = $1 order by created_at',
      [workspaceId],
    );
    expect(rows).toEqual([
      { name: 'Sales Q4', key: 'sales_Q4' },
      { name: 'sales-Q4', key: 'sales_Q4_2' },
      { name: 'vipCustomers', key: 'vipCustomers' },
      { name: '2026 plan', key: 'k2026_plan' },
      { name: 'Ünïcode only', key: 'n_code_only' },
    ]);
    // The migration and new rows share one rule.
    expect(rows.slice(2).map((row) => slugKey(row.name))).toEqual(rows.slice(2).map((row) => row.key));
  });

  test('a new row gets the next free key; the unique constraint holds keys per workspace', async () => {
    const em = await db.entities();
    expect(await freshRowKey(em, systemEntity.Dashboard, workspaceId, 'Sales, Q4')).toBe('sales_Q4_3');
    expect(await freshRowKey(em, systemEntity.Dashboard, workspaceId, 'Renewals')).toBe('renewals');
    await expect(
      db.query(
        `insert into relata.dashboards (id, workspace_id, name, label, key) values (gen_random_uuid(), $1, 'other', 'x', 'vipCustomers')`,
        [workspaceId],
      ),
    ).rejects.toThrow(/dashboards_workspace_key_key/);
  });
});
