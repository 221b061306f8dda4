import { randomUUID } from 'node:crypto';
import { type SystemEntityManager, SystemOrm, systemEntity } from '@relata/core';
import type { PgDatabase } from '@relata/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let db: PgDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.opened.db;
  await db.query('create table public.deal_notes (id uuid primary key, body text not null)');
});
afterAll(() => database?.drop());

const newWorkspace = (em: SystemEntityManager, slug: string) =>
  em.create(systemEntity.Workspace, {
    id: randomUUID(),
    slug,
    name: slug,
    schemaName: `ws_${slug.replaceAll('-', '_')}`,
  });

const countOf = async (sql: string, params: unknown[]) =>
  Number((await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0]?.n);

describe('system entities', () => {
  test('map the migrated system tables exactly: no column, type, key or index differs', async () => {
    const pool = new pg.Pool({ connectionString: database.databaseUrl, max: 1 });
    const orm = await SystemOrm.open(pool);
    try {
      const diff = await orm.mikroOrm.schema.getUpdateSchemaSQL({ wrap: false, safe: true, dropTables: false });
      expect(diff).toBe('');
      // `safe` leaves out columns the entities lack: a column added by a migration and not mapped
      // would go unseen, so every column of every mapped table must be a mapped property.
      for (const meta of orm.mikroOrm.getMetadata().getAll().values()) {
        if (!meta.tableName || meta.embeddable) continue;
        const mapped = meta.props.flatMap((prop) => prop.fieldNames ?? []).sort();
        const { rows } = await db.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema = 'relata' and table_name = $1`,
          [meta.tableName],
        );
        expect({ table: meta.tableName, columns: rows.map((row) => row.column_name).sort() }).toEqual({
          table: meta.tableName,
          columns: mapped,
        });
      }
    } finally {
      await orm.close();
      await pool.end();
    }
  });

  test('entity writes and SQL of one transaction commit together', async () => {
    const noteId = randomUUID();
    await db.transaction(async (tx) => {
      const em = await tx.entities();
      newWorkspace(em, 'shared-commit');
      await em.flush();
      // The flushed row is visible to the SQL of the same transaction: one session.
      expect((await tx.query('select 1 from relata.workspaces where slug = $1', ['shared-commit'])).rowCount).toBe(1);
      await tx.query('insert into public.deal_notes (id, body) values ($1, $2)', [noteId, 'signed']);
    });
    expect(await countOf('relata.workspaces where slug = $1', ['shared-commit'])).toBe(1);
    expect(await countOf('public.deal_notes where id = $1', [noteId])).toBe(1);
  });

  test('a failure after both wrote rolls back the entity rows with the SQL rows', async () => {
    const noteId = randomUUID();
    const failure = db.transaction(async (tx) => {
      await tx.query('insert into public.deal_notes (id, body) values ($1, $2)', [noteId, 'draft']);
      const em = await tx.entities();
      newWorkspace(em, 'shared-rollback');
      await em.flush();
      throw new Error('the write after them failed');
    });
    await expect(failure).rejects.toThrow('the write after them failed');
    expect(await countOf('relata.workspaces where slug = $1', ['shared-rollback'])).toBe(0);
    expect(await countOf('public.deal_notes where id = $1', [noteId])).toBe(0);
  });

  test('a refused flush fails its transaction: nothing of it is saved, and the caller is told', async () => {
    const em = await db.entities();
    newWorkspace(em, 'taken-slug');
    await em.flush();
    const noteId = randomUUID();
    const swallowed = db.transaction(async (tx) => {
      await tx.query('insert into public.deal_notes (id, body) values ($1, $2)', [noteId, 'lost']);
      const inTx = await tx.entities();
      const duplicate = newWorkspace(inTx, 'taken-slug');
      duplicate.schemaName = 'ws_other';
      // A caller that catches the failure and goes on must not get a silent half-commit.
      await expect(inTx.flush()).rejects.toThrow(/unique|duplicate/i);
    });
    await expect(swallowed).rejects.toMatchObject({ code: 'INTERNAL', details: { reason: 'TRANSACTION_ABORTED' } });
    expect(await countOf('public.deal_notes where id = $1', [noteId])).toBe(0);
    expect(await countOf('relata.workspaces where slug = $1', ['taken-slug'])).toBe(1);
  });

  test('units of work on the pool see committed rows and keep no state between forks', async () => {
    const first = await db.entities();
    const found = await first.findOneOrFail(systemEntity.Workspace, { slug: 'shared-commit' });
    const second = await db.entities();
    expect(second.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect((await second.findOneOrFail(systemEntity.Workspace, { slug: 'shared-commit' })).id).toBe(found.id);
  });
});
