export {
  canReadAccess,
  canReadEdge,
  canReadField,
  canReadObject,
  objectPermission,
  readsShownChanges,
} from './access-rules';
export type { RecordRef } from './activity-links-sql';
export {
  compileActivityTargetsQuery,
  compileLinkedActivitiesQuery,
  compileReadableIds,
  linkEnd,
} from './activity-links-sql';
export { isActivityObject } from './activity-scope';
export type { AggregateCatalog, AggregateColumn, DateBucket } from './aggregate-fields';
export { aggregateCatalog, DATE_BUCKETS, readableCatalog } from './aggregate-fields';
export { checkGroupCount } from './aggregate-sql';
export { type AnalyticSql, analyticSql } from './analytic-sql';
export type { CompileAccess, QueryLimits } from './compile-context';
export { DEFAULT_QUERY_LIMITS } from './compile-context';
export type { CompiledQuery, RootInfo, RootInput } from './compile-root';
export {
  compileAggregateQuery,
  compileChangeQuery,
  compileConnectionQuery,
  compileRecordsQuery,
  compileSearchQuery,
} from './compile-root';
export { compileConditionMatch, compileConditionSearch } from './condition-match';
export type { FilterInput } from './filter-sql';
export { HISTORY_FIELD, historyKeys } from './history-keys';
export type { CompiledIndex, IndexDefinitionInput, IndexKeyInput, StoredIndexKey } from './index-sql';
export { compileIndex, createIndexSql, duplicateGroupsSql } from './index-sql';
export type { FieldAccess } from './object-fields';
export { objectFields } from './object-fields';
export type { OrderDirection } from './order-sql';
export { bindConditionVariables, compileConditionProbe, compileScopeCheck } from './scope-sql';
export { checkUuid } from './uuid-input';
