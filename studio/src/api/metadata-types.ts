/** Field types the engine supports, in the order the admin UI offers them. */
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

export type RelationKind = 'MANY_TO_ONE' | 'MANY_TO_MANY' | 'ONE_TO_MANY';
export type OnDelete = 'RESTRICT' | 'SET_NULL' | 'CASCADE';

export interface SelectOption {
  value: string;
  label: string;
  color: string;
  position: number;
}

export interface RelationSettings {
  target: string;
  kind: RelationKind;
  inverseName: string;
  inverseLabel?: string | null;
  onDelete: OnDelete;
}

export interface FieldValidation {
  minLength?: number | null;
  maxLength?: number | null;
  min?: number | null;
  max?: number | null;
  pattern?: string | null;
}

export interface FieldSettings {
  scale?: number | null;
  defaultCurrency?: string | null;
  options?: SelectOption[] | null;
  maxRating?: number | null;
  validation?: FieldValidation | null;
  relation?: RelationSettings | null;
}

/** A field as `/metadata` serves it. */
export interface FieldMeta {
  id: string;
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  /** Shown to portal users (and, on a relation, opens the related records to them). */
  portalVisible: boolean;
  defaultValue: unknown;
  settings: FieldSettings;
  position: number;
  /** FORMULA: the expression (current field names) and its result type. */
  formula?: { expression: string; resultType: ComputedResultType } | null;
  /** ROLLUP: what is computed over which related records. */
  rollup?: {
    relation: string;
    function: string;
    field: string | null;
    filter: unknown;
    resultType: ComputedResultType;
  } | null;
}

/** The value type of a FORMULA or ROLLUP field. */
export type ComputedResultType = 'NUMBER' | 'TEXT' | 'BOOLEAN' | 'DATE' | 'DATE_TIME';

/** FORMULA and ROLLUP fields are computed by the server: read-only everywhere. */
export const isComputed = (field: { type: FieldType }) => field.type === 'FORMULA' || field.type === 'ROLLUP';

/** An object as `/metadata` serves it. */
export interface ObjectMeta {
  id: string;
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description: string | null;
  icon: string | null;
  labelField: string | null;
  fields: FieldMeta[];
}

/** What every metadata mutation answers, dry run or not. */
export interface MetadataChange {
  applied: boolean;
  plan: string[];
  /** The plan in plain words ("adds a column to 50,000 opportunities; nothing is rewritten"). */
  summary: string[];
  warnings: string[];
  affectedRows: number | null;
  /** Absent for changes outside the object model (indexes). */
  metadataVersion?: number;
}

/** A field on another object whose relation points at this object (the inverse side). */
export interface InverseRelation {
  owner: ObjectMeta;
  field: FieldMeta;
  /** Name of the connection field on this object. */
  name: string;
  label: string;
  kind: 'ONE_TO_MANY' | 'MANY_TO_MANY';
}
