import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The only database surface `@relata/core` uses. The runtime implements it over a `pg` pool.
 * System tables MikroORM maps are reached through `entities()`; object tables through SQL.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlExecutor {
  /** Runs one statement. `text` holds `$1..$n` placeholders; values are always bound. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * A MikroORM unit of work over the system entities. On a database, a fresh one per call whose
   * flushes are transactions of their own; in a transaction, that transaction's one, whose
   * flushes commit or roll back with it.
   */
  entities(): Promise<EntityManager>;
}

export interface Database extends SqlExecutor {
  /**
   * Runs `work` inside BEGIN/COMMIT on one connection; rolls back when it throws.
   * Nested calls on the executor passed to `work` reuse the same transaction.
   */
  transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs `work` on one connection outside any transaction, for statements PostgreSQL refuses in
   * one (`create index concurrently`); the session's settings are reset before the connection
   * goes back to the pool, so `work` may lift the statement timeout.
   */
  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T>;
}

export interface TransactionExecutor extends SqlExecutor {
  /** Callbacks that run once the surrounding transaction has committed (events, cache drops). */
  afterCommit(callback: () => void | Promise<void>): void;
}
