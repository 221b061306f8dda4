import type { Database, QueryResult, SqlExecutor, TransactionExecutor } from '@relata/core';
import type pg from 'pg';

/** Counts statements per database, so tests can prove a request's SQL count (no N+1). */
export interface StatementCounter {
  count: number;
}

class PgTransaction implements TransactionExecutor {
  readonly callbacks: Array<() => void | Promise<void>> = [];

  constructor(
    private readonly client: pg.PoolClient,
    private readonly counter: StatementCounter,
  ) {}

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    this.counter.count++;
    const result = await this.client.query(text, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  afterCommit(callback: () => void | Promise<void>): void {
    this.callbacks.push(callback);
  }
}

/** A `Database` over a `pg` pool. For PGlite the pool holds exactly one connection. */
export class PgDatabase implements Database {
  readonly counter: StatementCounter = { count: 0 };

  constructor(readonly pool: pg.Pool) {}

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    this.counter.count++;
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PgTransaction(client, this.counter);
    let result: T;
    try {
      await client.query('begin');
      result = await work(tx);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      client.release();
      throw error;
    }
    client.release();
    for (const callback of tx.callbacks) {
      try {
        await callback();
      } catch (error) {
        // The transaction is committed; a failing listener must not turn it into an error.
        console.error('afterCommit callback failed', error);
      }
    }
    return result;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

/** Runs `work` in a transaction unless `executor` already is one. */
export function isTransaction(executor: SqlExecutor): executor is TransactionExecutor {
  return typeof (executor as Partial<TransactionExecutor>).afterCommit === 'function';
}
