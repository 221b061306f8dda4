import type { Database, QueryResult, TransactionExecutor } from '../db';

/**
 * A `Database` whose transactions are savepoints inside `tx`, so a service that opens its own
 * transaction per call (the record service) can run a batch of calls inside one outer
 * transaction: a call that fails rolls back to its savepoint and the batch goes on. Work done
 * after commit is handed to `tx`, so it runs once the outer transaction commits, and is
 * dropped with a rolled-back savepoint. System entities share `tx`'s one unit of work: a
 * rolled-back call must not flush entities (the batches here write object tables only).
 */
export function savepointDatabase(tx: TransactionExecutor): Database {
  const query = <Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>> =>
    tx.query<Row>(text, params);
  const entities = () => tx.entities();
  return {
    query,
    entities,
    // Everything here runs inside `tx`: a statement that needs its own session cannot.
    session: () => Promise.reject(new Error('a savepoint database has no session outside its transaction')),
    async transaction(work) {
      const callbacks: Array<() => void | Promise<void>> = [];
      await tx.query('savepoint relata_nested');
      try {
        const result = await work({ query, entities, afterCommit: (callback) => callbacks.push(callback) });
        await tx.query('release savepoint relata_nested');
        for (const callback of callbacks) tx.afterCommit(callback);
        return result;
      } catch (error) {
        await tx.query('rollback to savepoint relata_nested');
        throw error;
      }
    },
  };
}
