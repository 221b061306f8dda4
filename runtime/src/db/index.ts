export type { DatabaseKind, DatabaseOptions, OpenedDatabase } from './open-database';
export { openDatabase } from './open-database';
export type { StatementCounter } from './pg-database';
export { isTransaction, PgDatabase } from './pg-database';
