import type { Database, QueryResult, SqlExecutor, SystemEntityManager, TransactionExecutor } from '@relata/core';
import type { PgDatabase, PreparedStatement } from './pg-database';

/** What a request reads through: a `Database` that can also run prepared statements. */
export type RequestDatabase = Database & Pick<PgDatabase, 'queryPrepared'>;

/**
 * The pool's database with another statement timeout: every statement runs in a transaction
 * that sets it locally first (`set_config(..., true)` ends with the transaction, so the pooled
 * connection goes back with the server's timeout). It costs a transaction per statement and
 * gives up prepared statements, so only requests whose role sets a timeout use it.
 */
export class TimedDatabase implements RequestDatabase {
  constructor(
    private readonly inner: PgDatabase,
    private readonly timeoutMs: number,
  ) {}

  entities(): Promise<SystemEntityManager> {
    return this.inner.entities();
  }

  query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return this.transaction((tx) => tx.query<Row>(text, params));
  }

  queryPrepared<Row>(statement: PreparedStatement, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return this.query<Row>(statement.text, params);
  }

  session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.session(work);
  }

  transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(async (tx) => {
      await tx.query("select set_config('statement_timeout', $1, true)", [String(this.timeoutMs)]);
      return work(tx);
    });
  }
}
