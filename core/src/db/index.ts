export type { Database, QueryResult, SqlExecutor, TransactionExecutor } from './database';
export { ParamList, qualify, quoteIdent, quoteLiteral } from './sql';
export { transactionAsDatabase } from './transaction-database';
