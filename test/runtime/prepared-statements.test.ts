import { SystemOrm } from '@relata/core';
import { PgDatabase, prepareStatement } from '@relata/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
/** One connection, so every statement and the catalogue query below share one session. */
let db: PgDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.databaseUrl, max: 1 });
  db = new PgDatabase(pool, await SystemOrm.open(pool));
});
afterAll(async () => {
  await db?.end();
  await database?.drop();
});

const preparedCount = async () =>
  Number((await db.query<{ n: string }>('select count(*) as n from pg_prepared_statements')).rows[0]?.n);

describe('prepared statements of compiled reads', () => {
  test('a statement is prepared once per connection and reused with new parameters', async () => {
    const before = await preparedCount();
    const statement = prepareStatement('select $1::int * 2 as doubled');
    for (const n of [1, 2, 3]) {
      const { rows } = await db.queryPrepared<{ doubled: number }>(statement, [n]);
      expect(rows).toEqual([{ doubled: n * 2 }]);
    }
    expect(await preparedCount()).toBe(before + 1);
  });

  test('a connection keeps at most 100 of them and runs the rest unnamed', async () => {
    for (let i = 0; i < 150; i++) {
      const { rows } = await db.queryPrepared<{ v: number }>(prepareStatement(`select $1::int + ${i} as v`), [1]);
      expect(rows[0]?.v).toBe(1 + i);
    }
    expect(await preparedCount()).toBe(100);
    const again = await db.queryPrepared<{ v: number }>(prepareStatement('select $1::int + 149 as v'), [2]);
    expect(again.rows[0]?.v).toBe(151);
  });

  test('an SQL error fails that call only; the session stays usable', async () => {
    await expect(db.queryPrepared(prepareStatement('select 1 / $1::int as v'), [0])).rejects.toMatchObject({
      code: '22012',
    });
    const { rows } = await db.queryPrepared<{ v: number }>(prepareStatement('select 1 / $1::int as v'), [1]);
    expect(rows[0]?.v).toBe(1);
  });
});
