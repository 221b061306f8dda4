import type { Database, TransactionExecutor } from '../db';
import { transactionAsDatabase } from '../db';
import { type BulkSession, type ImportDatabase, withBulkSession } from '../import';

/**
 * Runs `work` in ONE transaction that both the bulk import (COPY) and the services built on
 * `Database` (the workspace bundle) write in: the import's session seen as a database. Callbacks
 * registered for after the commit (cache drops) run once it has committed.
 */
export async function inBulkTransaction<T>(
  db: ImportDatabase,
  work: (session: BulkSession, asDatabase: Database) => Promise<T>,
): Promise<T> {
  const afterCommit: (() => void | Promise<void>)[] = [];
  const result = await withBulkSession(db, (bulk) => {
    // ONE unit of work for the whole transaction, as the runtime's transactions keep: a section
    // creates an entity in one call to entities() and flushes it in a later one.
    let unitOfWork: ReturnType<BulkSession['entities']> | undefined;
    const session: BulkSession = { ...bulk, entities: () => (unitOfWork ??= bulk.entities()) };
    const tx: TransactionExecutor = {
      query: (text, params) => session.query(text, params),
      entities: session.entities,
      afterCommit: (callback) => afterCommit.push(callback),
    };
    return work(session, transactionAsDatabase(tx));
  });
  for (const callback of afterCommit) await callback();
  return result;
}
