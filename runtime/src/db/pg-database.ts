import { createHash } from 'node:crypto';
import type {
  Database,
  QueryResult,
  SqlExecutor,
  SystemEntityManager,
  SystemOrm,
  TransactionExecutor,
} from '@relata/core';
import { ErrorCode, RelataError } from '@relata/core';
import type pg from 'pg';
import { errorCode, isConnectionLoss } from './connection-loss';

/**
 * Named statements one pooled connection keeps. pg never deallocates them, so past this many a
 * connection runs further statements unnamed: its memory in PostgreSQL stays bounded.
 */
const PREPARED_PER_CONNECTION = 100;

/** A statement to run prepared: its text and a name derived from it (see `prepareStatement`). */
export interface PreparedStatement {
  name: string;
  text: string;
}

/** Names a statement by its text, so equal texts share one prepared statement per connection. */
export const prepareStatement = (text: string): PreparedStatement => ({
  name: `r${createHash('sha1').update(text).digest('base64url')}`,
  text,
});

/** Counts statements per database, so tests can prove a request's SQL count (no N+1). */
export interface StatementCounter {
  count: number;
}

class PgTransaction implements TransactionExecutor {
  readonly callbacks: Array<() => void | Promise<void>> = [];
  private unitOfWork: Promise<SystemEntityManager> | null = null;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly counter: StatementCounter,
    private readonly orm: SystemOrm,
  ) {}

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    this.counter.count++;
    const result = await this.client.query(text, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  afterCommit(callback: () => void | Promise<void>): void {
    this.callbacks.push(callback);
  }

  entities(): Promise<SystemEntityManager> {
    this.unitOfWork ??= this.orm.in(this);
    return this.unitOfWork;
  }
}

/** A `Database` over a `pg` pool. */
export class PgDatabase implements Database {
  readonly counter: StatementCounter = { count: 0 };
  /** Names of the statements each pooled connection has prepared. */
  private readonly prepared = new WeakMap<pg.PoolClient, Set<string>>();

  constructor(
    readonly pool: pg.Pool,
    readonly orm: SystemOrm,
  ) {}

  entities(): Promise<SystemEntityManager> {
    return this.orm.fork();
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    this.counter.count++;
    // Not `pool.query`: it destroys the connection after any SQL error; a session PostgreSQL
    // answered with a SQLSTATE is still good, and keeps its prepared statements.
    const client = await this.pool.connect();
    try {
      const result = await client.query(text, params as unknown[]);
      client.release();
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      client.release(connectionFailure(error));
      throw error;
    }
  }

  /**
   * Like `query`, as a named prepared statement on the connection it runs on: PostgreSQL parses
   * and plans it once per connection instead of on every run. For statements repeated often
   * and verbatim (the compiled reads cached per operation); their result columns must not depend
   * on table columns (a plan invalidated by DDL is re-planned only if its row shape is unchanged).
   */
  async queryPrepared<Row>(statement: PreparedStatement, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    this.counter.count++;
    const { name, text } = statement;
    const client = await this.pool.connect();
    let names = this.prepared.get(client);
    if (!names) {
      names = new Set();
      this.prepared.set(client, names);
    }
    const named = names.has(name) || names.size < PREPARED_PER_CONNECTION;
    try {
      const result = await client.query(
        named ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] },
      );
      if (named) names.add(name);
      client.release();
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      client.release(connectionFailure(error));
      throw error;
    }
  }

  async transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PgTransaction(client, this.counter, this.orm);
    let result: T;
    try {
      await client.query('begin');
      result = await work(tx);
      const commit = await client.query('commit');
      // PostgreSQL answers COMMIT of a transaction an earlier statement aborted with ROLLBACK, and
      // no error: a caller that caught that statement's failure would report a write it lost.
      if (commit.command === 'ROLLBACK') throw abortedTransaction();
    } catch (error) {
      const rollbackError = await client.query('rollback').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      client.release(connectionFailure(rollbackError));
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

  async session<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const session: SqlExecutor = {
      query: async <Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
        this.counter.count++;
        const result = await client.query(text, params as unknown[]);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      },
      entities: () => this.orm.fork(),
    };
    let result: T;
    try {
      result = await work(session);
    } finally {
      // Back to the connection's start-up settings (the pool's statement timeout among them).
      const resetError = await client.query('reset all').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      client.release(connectionFailure(resetError));
    }
    return result;
  }

  async end(): Promise<void> {
    await this.orm.close();
    await this.pool.end();
  }
}

/**
 * The error to hand to `release()`: only a broken connection is thrown away; an SQL error
 * (one Postgres answered with a SQLSTATE) leaves the session usable.
 */
function connectionFailure(error: unknown): Error | undefined {
  if (error === undefined) return undefined;
  // A terminated backend answers with a SQLSTATE too (57P01), and EPIPE looks like one: both
  // leave a dead connection that the next request would otherwise be handed.
  const answeredByServer = /^[0-9A-Z]{5}$/.test(errorCode(error) ?? '') && !isConnectionLoss(error);
  return answeredByServer ? undefined : error instanceof Error ? error : new Error(String(error));
}

const abortedTransaction = () =>
  new RelataError(
    ErrorCode.INTERNAL,
    'Nothing was saved: a statement of this transaction failed, so PostgreSQL rolled all of it back.',
    { reason: 'TRANSACTION_ABORTED' },
  );

/** Runs `work` in a transaction unless `executor` already is one. */
export function isTransaction(executor: SqlExecutor): executor is TransactionExecutor {
  return typeof (executor as Partial<TransactionExecutor>).afterCommit === 'function';
}
