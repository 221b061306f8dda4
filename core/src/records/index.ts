export type { ChangeConsumers, QueuedWrite } from './change-jobs';
export { CHANGE_JOB_ATTEMPTS, CHANGE_JOB_TASK, runChangeJob, WRITES_PER_JOB } from './change-jobs';
export { changeLogCtes, NOTIFY_CHANGES } from './change-log';
export { mapDatabaseError } from './database-errors';
export { DeferredChanges } from './deferred-changes';
export type { InputMode } from './field-value-schema';
export { checkOwners } from './owner-check';
export type {
  AfterHook,
  BeforeHook,
  CommittedWrite,
  HookInterest,
  HookPhase,
  RecordHooks,
  WriteKind,
  WriteOperation,
} from './record-hooks';
export { composeHooks } from './record-hooks';
export { SYSTEM_KEYS, validateRecordInput } from './record-input';
export type { FieldCodec, ObjectRow } from './record-mapper';
export { columnsFromRecord, fieldCodecs, fieldKey, recordColumns, recordFromRow } from './record-mapper';
export type { RecordServiceOptions } from './record-service';
export { createRecordService } from './record-service';
export type {
  Actor,
  ReadExecutor,
  RecordValues,
  RecordWriter,
  WriteChannel,
  WriteContext,
} from './record-service-contract';
export { chunk, insertLinks } from './record-sql';
export { checkReferences } from './reference-check';
export { ANALYZE_AFTER_ROWS, ANALYZE_TASK, analyzeTable, enqueueAnalyze } from './table-statistics';
export type { WriteAccess } from './write-access';
export { checkWritableFields, requireInScopeAfter, writeAccess } from './write-access';
export type { WriteModel } from './write-model';
export { writeModel } from './write-model';
