export type { ColumnSpec, CompositeType } from './field-columns';
export { COMPOSITE_PARTS, fieldColumns, isComposite, NUMERIC_PRECISION } from './field-columns';
export { identifierBytes, MAX_IDENTIFIER_BYTES, pascalCase, snakeCase } from './naming';
export type { RelationEdge, SnapshotIndex } from './snapshot-index';
export { indexSnapshot } from './snapshot-index';
export type {
  FieldMetadata,
  FieldSettings,
  FieldType,
  FieldValidation,
  ObjectMetadata,
  OnDelete,
  RelationKind,
  RelationSettings,
  SelectOption,
  StandardFieldName,
  WorkspaceSnapshot,
} from './types';
export { FIELD_TYPES, STANDARD_COLUMNS, STANDARD_FIELDS } from './types';
