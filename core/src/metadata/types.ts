import type { FormulaResultType, FormulaSettings } from '../formula';

/**
 * Metadata shapes shared by every subsystem. A `WorkspaceSnapshot` is the complete,
 * immutable description of one workspace at one metadata version; the GraphQL schema
 * and every compiled query are pure functions of it.
 */
export const FIELD_TYPES = [
  'TEXT',
  'RICH_TEXT',
  'NUMBER',
  'CURRENCY',
  'BOOLEAN',
  'DATE',
  'DATE_TIME',
  'SELECT',
  'MULTI_SELECT',
  'EMAIL',
  'PHONE',
  'URL',
  'RATING',
  'JSON',
  'ADDRESS',
  'FULL_NAME',
  'RELATION',
  'FORMULA',
  'ROLLUP',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type RelationKind = 'MANY_TO_ONE' | 'MANY_TO_MANY';
export type OnDelete = 'RESTRICT' | 'SET_NULL' | 'CASCADE';

export interface SelectOption {
  /** API value: `^[A-Z][A-Z0-9_]*$`, also the GraphQL enum value. */
  value: string;
  label: string;
  /** CSS colour name or `#rrggbb`. */
  color: string;
  position: number;
  /**
   * The option's stable identity: the value it was created with, kept when the value is renamed
   * (bundles recognise the rename by it). Absent while it equals `value` (see `optionKey`).
   */
  key?: string;
}

export interface FieldValidation {
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** ECMAScript regular expression source, checked by the record service. */
  pattern?: string;
}

export interface RelationSettings {
  /** `nameSingular` of the target object. */
  target: string;
  kind: RelationKind;
  /** Name of the inverse field on the target (one-to-many or many-to-many side). */
  inverseName: string;
  inverseLabel?: string;
  onDelete: OnDelete;
  /** MANY_TO_MANY only: junction table in the workspace schema (source_id, target_id). */
  junctionTable?: string;
}

/** Per-type settings. Only the keys that apply to a field's type are set. */
export interface FieldSettings {
  /** NUMBER, CURRENCY: digits after the decimal point (NUMBER default 0, CURRENCY default 2). */
  scale?: number;
  /** CURRENCY: ISO 4217 code used when input gives none. */
  defaultCurrency?: string;
  /** SELECT, MULTI_SELECT */
  options?: SelectOption[];
  /** RATING: highest value (default 5). */
  maxRating?: number;
  validation?: FieldValidation;
  relation?: RelationSettings;
  /** FORMULA: the declared result type and the checked expression (fields held by id). */
  formula?: FormulaSettings;
  /** ROLLUP: what is computed over which related records. */
  rollup?: RollupSettings;
  /**
   * Stored by a scoring model (RFM, lifecycle: core/src/analytics), which alone writes it: the
   * field is read-only in every API. Set by the model, never by field input.
   */
  managedBy?: ManagedBy;
}

/** The scoring model that owns a stored field's values. */
export interface ManagedBy {
  kind: 'RFM' | 'LIFECYCLE';
  modelId: string;
}

export const ROLLUP_FUNCTIONS = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'EARLIEST', 'LATEST'] as const;
export type RollupFunction = (typeof ROLLUP_FUNCTIONS)[number];

/** A ROLLUP field: `function` of `field` over the related records of a to-many relation that match `filter`. */
export interface RollupSettings {
  /** The relation: the id of the RELATION field defining it and the side (false: its inverse list). */
  relation: { fieldId: string; owning: boolean };
  function: RollupFunction;
  /** Id of the related object's field rolled up (a FORMULA too); null for COUNT. */
  fieldId: string | null;
  /**
   * Which related records count: the data API's filter language over the related object's own
   * fields (no relation filters), by field name, carried through renames like views' filters.
   */
  filter: Record<string, unknown> | null;
  resultType: FormulaResultType;
}

export interface FieldMetadata {
  id: string;
  objectId: string;
  /** Stable key within its object (see `stable-keys.ts`): set at creation, never changed by a rename. */
  key: string;
  /** camelCase API name. */
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  /**
   * Shown to portal users (external contacts). On a RELATION field it also opens the related
   * records to them (see `core/src/portal`). @default false
   */
  portalVisible: boolean;
  /** Default in API form (e.g. `{ amount, currencyCode }` for CURRENCY); null when none. */
  defaultValue: unknown;
  settings: FieldSettings;
  /**
   * Base column name (snake_case). Single-column types use it as is; composite types and
   * relations derive their columns from it (see `fieldColumns`). MANY_TO_MANY has no column.
   */
  columnName: string;
  position: number;
}

export interface ObjectMetadata {
  id: string;
  /** Stable key within the workspace (see `stable-keys.ts`): set at creation, never changed by a rename. */
  key: string;
  /** camelCase singular API name, e.g. `company`. */
  nameSingular: string;
  /** camelCase plural API name, e.g. `companies`. */
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description: string | null;
  icon: string | null;
  /** Table in the workspace schema. */
  tableName: string;
  /** Field used as the record's title in lists and pickers (default: first TEXT field). */
  labelField: string | null;
  fields: FieldMetadata[];
}

export interface WorkspaceSnapshot {
  workspaceId: string;
  /** Postgres schema holding this workspace's object tables. */
  schemaName: string;
  version: number;
  objects: ObjectMetadata[];
}

/** Columns every object table has; none of them may appear in record input. */
export const STANDARD_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'owner_id',
  'deleted_at',
  'version',
  'search',
  'shown_version',
  'shown_updated_at',
  'shown_updated_by',
] as const;

/** API names of the standard columns as exposed in GraphQL. */
export const STANDARD_FIELDS = {
  id: 'id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
  ownerId: 'owner_id',
  deletedAt: 'deleted_at',
  version: 'version',
} as const;
export type StandardFieldName = keyof typeof STANDARD_FIELDS;

/**
 * The standard fields that move with every write, and the columns roles with hidden fields read
 * them from instead. Those move only when a change touches a field no role hides (null: no
 * change of hidden fields only yet, read the real column), so such a role never learns that, or
 * when, a hidden value changed (issue 8, item 6).
 */
export const SHOWN_COLUMNS = {
  version: 'shown_version',
  updatedAt: 'shown_updated_at',
  updatedBy: 'shown_updated_by',
} as const satisfies Partial<Record<StandardFieldName, string>>;
