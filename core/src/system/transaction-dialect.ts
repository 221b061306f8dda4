import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { SqlExecutor } from '../db';

/**
 * A Kysely dialect whose one connection is a Relata transaction already open: MikroORM's
 * statements then run in the caller's transaction, beside the compiled SQL of object tables.
 * That transaction owns BEGIN/COMMIT/ROLLBACK. A flush inside it takes no savepoint: like any
 * failed statement, a failed flush aborts the whole transaction (whose COMMIT then refuses).
 * MikroORM's explicit nesting (`em.transactional` inside) takes a savepoint.
 */
export function transactionDialect(tx: SqlExecutor): Dialect {
  const connection: DatabaseConnection = {
    async executeQuery<Row>(compiled: CompiledQuery): Promise<QueryResult<Row>> {
      const result = await tx.query<Row>(compiled.sql, compiled.parameters);
      return { rows: result.rows, numAffectedRows: BigInt(result.rowCount) };
    },
    // biome-ignore lint/correctness/useYield: MikroORM streams only when asked to (`em.stream`), which the system tables never are.
    async *streamQuery() {
      throw new Error('Streaming is not supported inside a Relata transaction.');
    },
  };
  const runSavepoint = (command: string, name: string) =>
    connection.executeQuery(CompiledQuery.raw(`${command} "${name.replaceAll('"', '""')}"`)).then(() => undefined);
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    savepoint: (_connection, name) => runSavepoint('savepoint', name),
    rollbackToSavepoint: (_connection, name) => runSavepoint('rollback to savepoint', name),
    releaseSavepoint: (_connection, name) => runSavepoint('release savepoint', name),
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return {
    createDriver: () => driver,
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}
