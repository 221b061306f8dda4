export type { Database, QueryResult, SqlExecutor, TransactionExecutor } from './database';
export { ParamList, qualify, quoteIdent, quoteLiteral } from './sql';
