export { embeddedUrl, startEmbeddedPostgres } from './embedded';
export type { DatabaseOptions, OpenedDatabase } from './open-database';
export { openDatabase } from './open-database';
export type { PreparedStatement, StatementCounter } from './pg-database';
export { isTransaction, PgDatabase, prepareStatement } from './pg-database';
export { logPoolErrors } from './pool-errors';
export { queueLogger } from './queue-logger';
export type { RequestDatabase } from './timed-database';
export { TimedDatabase } from './timed-database';
