export type { Database, QueryResult, SqlExecutor, TransactionExecutor } from './database';
export { OWNER_LOCKS, type OwnerLockKind, ownerLockFree, ownerName, withOwnerLock } from './owner-lock';
export { ParamList, qualify, quoteIdent, quoteLiteral } from './sql';
export { transactionAsDatabase } from './transaction-database';
