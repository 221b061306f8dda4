export { summarizeChange } from './change-summary';
export { computedResultType, isComputed, isModelManaged } from './computed-fields';
export type { MetadataRowChanges, PlannedChange, RowCheck, Statement } from './ddl-plan';
export { renderStatement } from './ddl-plan';
export type { FieldArtifacts } from './field-artifacts';
export { fieldArtifacts, SEARCHABLE_TYPES, UNIQUE_TYPES } from './field-artifacts';
export type { ColumnSpec, CompositeType } from './field-columns';
export { COMPOSITE_PARTS, fieldColumns, isComposite, NUMERIC_PRECISION } from './field-columns';
export { tableRenamedIndexName } from './index-dependents';
export type {
  CreateFieldInput,
  CreateObjectInput,
  MetadataBundle,
  SelectOptionInput,
  UpdateFieldInput,
  UpdateObjectInput,
} from './metadata-inputs';
export {
  API_NAME,
  bundleInput,
  createFieldInput,
  createObjectInput,
  OPTION_VALUE,
  parseInput,
  updateFieldInput,
  updateObjectInput,
} from './metadata-inputs';
export type { ChangeOptions, ExtraStatements, MetadataChange, MetadataService } from './metadata-service';
export { createMetadataService } from './metadata-service';
export { identifierBytes, MAX_IDENTIFIER_BYTES, pascalCase, snakeCase } from './naming';
export { physicalNames } from './physical-names';
export { planBundle } from './plan-bundle';
export { planCreateField, planDeleteField } from './plan-field';
export { planUpdateField } from './plan-field-update';
export { planCreateObject, planDeleteObject, planUpdateObject } from './plan-object';
export type { ReviewedChange, ReviewOptions } from './planned-change';
export { applyReviewed, reviewPlannedChange } from './planned-change';
export {
  ACTIVITY_OBJECT_NAMES,
  RESERVED_FIELD_NAMES,
  RESERVED_OBJECT_NAMES,
  RESERVED_TYPE_NAMES,
  SQL_RESERVED_WORDS,
} from './reserved-names';
export { sanitizeRichText } from './rich-text-html';
export { rollupEdge } from './rollup-settings';
export type { CountedPlan } from './run-plan';
export { countPlan } from './run-plan';
export { searchColumns } from './search-trigger';
export type { RelationEdge, SnapshotIndex } from './snapshot-index';
export { indexSnapshot } from './snapshot-index';
export { freshKey, MAX_KEY_LENGTH, newKey, STABLE_KEY, slugKey, stableKey } from './stable-keys';
export { EMAIL_PATTERN, isHttpUrl, PHONE_PATTERN } from './text-formats';
export type {
  FieldMetadata,
  FieldSettings,
  FieldType,
  FieldValidation,
  ManagedBy,
  ObjectMetadata,
  OnDelete,
  RelationKind,
  RelationSettings,
  RollupFunction,
  RollupSettings,
  SelectOption,
  StandardFieldName,
  WorkspaceSnapshot,
} from './types';
export { FIELD_TYPES, ROLLUP_FUNCTIONS, SHOWN_COLUMNS, STANDARD_COLUMNS, STANDARD_FIELDS } from './types';
