import { type ColumnSpec, type FieldMetadata, fieldColumns, isComputed, type ObjectMetadata } from '../metadata';
import { ownValue } from './own-values';
import type { RecordValues } from './record-service-contract';

/** A row of an object table as `pg` returns it (column name -> value). */
export type ObjectRow = Record<string, unknown>;

/** How one field moves between its API value and its columns. */
export interface FieldCodec {
  field: FieldMetadata;
  /** Key in record input and output: `name`, `<name>Id` (many-to-one) or `<name>Ids` (many-to-many). */
  key: string;
  /** Physical columns; empty for many-to-many (junction table). */
  columns: ColumnSpec[];
}

/** Standard API fields and their columns; `search` is internal and never leaves the database. */
const STANDARD_READ: ReadonlyArray<[key: string, column: string, kind: 'plain' | 'timestamp']> = [
  ['id', 'id', 'plain'],
  ['createdAt', 'created_at', 'timestamp'],
  ['updatedAt', 'updated_at', 'timestamp'],
  ['createdBy', 'created_by', 'plain'],
  ['updatedBy', 'updated_by', 'plain'],
  ['ownerId', 'owner_id', 'plain'],
  ['deletedAt', 'deleted_at', 'timestamp'],
  ['version', 'version', 'plain'],
];

/** API key of a field in record input and output. */
export function fieldKey(field: FieldMetadata): string {
  if (field.type !== 'RELATION') return field.name;
  return field.settings.relation?.kind === 'MANY_TO_MANY' ? `${field.name}Ids` : `${field.name}Id`;
}

const codecCache = new WeakMap<ObjectMetadata, FieldCodec[]>();

/** Field codecs of an object, memoised per (immutable) object metadata. */
export function fieldCodecs(object: ObjectMetadata): FieldCodec[] {
  let codecs = codecCache.get(object);
  if (!codecs) {
    // FORMULA and ROLLUP fields store nothing: the query compiler computes them, no write sets one.
    codecs = object.fields
      .filter((field) => !isComputed(field))
      .map((field) => ({ field, key: fieldKey(field), columns: fieldColumns(field) }));
    codecCache.set(object, codecs);
  }
  return codecs;
}

/** Every column a record read returns, standard first; used for RETURNING and SELECT lists. */
export function recordColumns(object: ObjectMetadata): string[] {
  return [
    ...STANDARD_READ.map(([, column]) => column),
    ...fieldCodecs(object).flatMap((c) => c.columns.map((s) => s.column)),
  ];
}

function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function toDateOnly(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // pg parses `date` as local midnight; read the local calendar day back.
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}

function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function readScalar(field: FieldMetadata, value: unknown): unknown {
  switch (field.type) {
    case 'NUMBER':
    case 'RATING':
      return toNumber(value);
    case 'DATE':
      return toDateOnly(value);
    case 'DATE_TIME':
      return toIso(value);
    default:
      return value ?? null;
  }
}

/** A stored row in API form: standard fields camelCase, composites as objects, `<relation>Id`. */
export function recordFromRow(object: ObjectMetadata, row: ObjectRow): RecordValues {
  const record: RecordValues = {};
  for (const [key, column, kind] of STANDARD_READ) {
    record[key] = kind === 'timestamp' ? toIso(row[column]) : (row[column] ?? null);
  }
  for (const { field, key, columns } of fieldCodecs(object)) {
    if (columns.length === 0) continue;
    if (columns.length === 1 && columns[0]!.part === null) {
      record[key] = readScalar(field, row[columns[0]!.column]);
      continue;
    }
    const parts: Record<string, unknown> = {};
    let empty = true;
    for (const { column, part } of columns) {
      const value = part === 'amount' ? toNumber(row[column]) : (row[column] ?? null);
      if (value !== null) empty = false;
      parts[part!] = value;
    }
    record[key] = empty ? null : parts;
  }
  return record;
}

function writeScalar(field: FieldMetadata, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // pg would send a JS array as a Postgres array; jsonb needs JSON text.
  return field.type === 'JSON' ? JSON.stringify(value) : value;
}

/**
 * Column values for validated API input. Only keys present in `data` produce columns; a
 * composite object writes only the parts it holds (null writes every part as null).
 * Many-to-many keys are skipped: they live in junction tables.
 */
export function columnsFromRecord(object: ObjectMetadata, data: RecordValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (data.ownerId !== undefined) out.owner_id = data.ownerId;
  for (const { field, key, columns } of fieldCodecs(object)) {
    // Hook-rewritten data reaches here too: only keys the record holds itself are written.
    const value = ownValue(data, key);
    if (value === undefined || columns.length === 0) continue;
    if (columns.length === 1 && columns[0]!.part === null) {
      out[columns[0]!.column] = writeScalar(field, value);
      continue;
    }
    const parts = (value ?? {}) as Record<string, unknown>;
    for (const { column, part } of columns) {
      if (value === null) out[column] = null;
      else if (ownValue(parts, part!) !== undefined) out[column] = parts[part!];
    }
  }
  return out;
}
