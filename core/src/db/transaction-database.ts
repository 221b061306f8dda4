import type { Database, TransactionExecutor } from './database';

/**
 * An open transaction seen as a `Database`: services built on it (a record writer inside a
 * workflow step) write in that transaction, and their own `transaction` calls join it.
 * `session` is refused: a statement that must run outside a transaction cannot run here.
 */
export function transactionAsDatabase(tx: TransactionExecutor): Database {
  return {
    query: (text, params) => tx.query(text, params),
    entities: () => tx.entities(),
    transaction: (work) => work(tx),
    session: () => Promise.reject(new Error('a session cannot be opened inside a transaction')),
  };
}
