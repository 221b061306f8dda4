import {
  createMetadataService,
  createWorkspace,
  type Database,
  type MetadataService,
  type Workspace,
} from '@relata/core';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

export interface MetadataFixture {
  test: TestDatabase;
  db: Database;
  metadata: MetadataService;
  /** Creates a fresh workspace (one per test keeps tests independent on one database). */
  workspace(slug: string): Promise<Workspace>;
  /** Row count of a table in a workspace schema. */
  count(workspace: Workspace, table: string): Promise<number>;
  /** Column name -> SQL type of a workspace table (empty when the table is absent). */
  columns(workspace: Workspace, table: string): Promise<Record<string, string>>;
}

export async function createMetadataFixture(): Promise<MetadataFixture> {
  const test = await createTestDatabase();
  const db = test.opened.db;
  return {
    test,
    db,
    metadata: createMetadataService({ db }),
    workspace: (slug) => createWorkspace(db, { slug, name: slug }),
    async count(workspace, table) {
      const { rows } = await db.query<{ count: number }>(
        `select count(*)::int as count from "${workspace.schemaName}"."${table}"`,
      );
      return rows[0]!.count;
    },
    async columns(workspace, table) {
      const { rows } = await db.query<{ column_name: string; type: string }>(
        `select a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [workspace.schemaName, table],
      );
      return Object.fromEntries(rows.map((r) => [r.column_name, r.type]));
    },
  };
}
