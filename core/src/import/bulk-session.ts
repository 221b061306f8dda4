import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import type { SqlExecutor } from '../db';
import type { SystemOrm } from '../system';

/**
 * What the import needs from the runtime's database: its `pg` pool (the runtime's `PgDatabase`
 * has one). `Database` has no COPY, so the import drives one pooled connection itself.
 */
export interface ImportDatabase {
  readonly pool: Pool;
  readonly orm: SystemOrm;
}

/** One connection inside one transaction, for the whole import. */
export interface BulkSession extends SqlExecutor {
  /** Streams text-format COPY lines into `statement` (`copy ... from stdin`). */
  copyFrom(statement: string, lines: Iterable<string>): Promise<void>;
}

function session(client: PoolClient, orm: SystemOrm): BulkSession {
  const bulk: BulkSession = {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    entities: () => orm.in(bulk),
    copyFrom: (statement, lines) => pipeline(Readable.from(lines), client.query(copyStreams.from(statement))),
  };
  return bulk;
}

/** Runs `work` in BEGIN/COMMIT on one pooled connection; ROLLBACK when it throws. */
export async function withBulkSession<T>(db: ImportDatabase, work: (tx: BulkSession) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    // An import is long by design and started by an admin: the pool's statement timeout is for requests.
    await client.query('set local statement_timeout = 0');
    const result = await work(session(client, db.orm));
    await client.query('commit');
    client.release();
    return result;
  } catch (error) {
    // Only a connection that cannot even roll back is thrown away.
    const rollbackError = await client.query('rollback').then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
    );
    client.release(rollbackError);
    throw error;
  }
}
