import {
  computedResultType,
  type FieldMetadata,
  type FieldType,
  type ObjectMetadata,
  type WorkspaceSnapshot,
} from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadField } from './access-rules';
import { objectFields } from './object-fields';

/** A column an aggregate can group by or compute over, under its API name. */
export interface AggregateColumn {
  name: string;
  column: string;
  /** The value's type: a field type, or the standard column's kind. */
  type: Exclude<FieldType, 'FORMULA' | 'ROLLUP'> | 'ID' | 'INT';
  /** The field behind the column; null for standard columns (always readable). */
  field: FieldMetadata | null;
  /** Set for a FORMULA or ROLLUP field: the value is computed (`column` is empty). */
  computed?: true;
}

export interface AggregateCatalog {
  /** Group keys; DATE and DATE_TIME group into buckets (day, week, month, quarter, year). */
  groupable: AggregateColumn[];
  /** sum and avg */
  numeric: AggregateColumn[];
  /** min and max: numbers and dates */
  ordered: AggregateColumn[];
}

const GROUPABLE = new Set<string>([
  'TEXT',
  'EMAIL',
  'PHONE',
  'URL',
  'SELECT',
  'BOOLEAN',
  'NUMBER',
  'RATING',
  'DATE',
  'DATE_TIME',
  'ID',
]);
const NUMERIC = new Set<string>(['NUMBER', 'CURRENCY', 'RATING']);
const ORDERED = new Set<string>(['NUMBER', 'CURRENCY', 'RATING', 'DATE', 'DATE_TIME']);

const STANDARD: Record<string, AggregateColumn['type']> = {
  createdAt: 'DATE_TIME',
  updatedAt: 'DATE_TIME',
  createdBy: 'ID',
  ownerId: 'ID',
};

const memo = new WeakMap<ObjectMetadata, AggregateCatalog>();

/** Which fields of `object` the aggregate query offers, shared by the schema and the compiler. */
export function aggregateCatalog(snapshot: WorkspaceSnapshot, object: ObjectMetadata): AggregateCatalog {
  const cached = memo.get(object);
  if (cached) return cached;
  const catalog: AggregateCatalog = { groupable: [], numeric: [], ordered: [] };
  for (const access of objectFields(snapshot, object).values()) {
    let entry: AggregateColumn | null = null;
    if (access.kind === 'column') {
      const field = access.field;
      // A column's field is never computed (those are `computed` accesses); the test narrows the type.
      const type = field
        ? field.type === 'RELATION' || field.type === 'FORMULA' || field.type === 'ROLLUP'
          ? 'ID'
          : field.type
        : STANDARD[access.name];
      if (type) entry = { name: access.name, column: access.column, type, field: access.field };
    } else if (access.kind === 'computed') {
      const type = computedResultType(access.field);
      if (type) entry = { name: access.name, column: '', type, field: access.field, computed: true };
    } else if (access.kind === 'composite' && access.field.type === 'CURRENCY' && access.parts.amount) {
      entry = { name: access.name, column: access.parts.amount.column, type: 'CURRENCY', field: access.field };
    }
    if (!entry) continue;
    if (GROUPABLE.has(entry.type)) catalog.groupable.push(entry);
    if (NUMERIC.has(entry.type)) catalog.numeric.push(entry);
    if (ORDERED.has(entry.type)) catalog.ordered.push(entry);
  }
  memo.set(object, catalog);
  return catalog;
}

/** Whether the role may read the column (group by it or aggregate over it). */
export function canReadColumn(permissions: RolePermissions, object: ObjectMetadata, column: AggregateColumn): boolean {
  return canReadField(permissions, object, column.field?.name ?? column.name);
}

/** The catalog narrowed to the columns the role reads (what its schema offers). */
export function readableCatalog(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  permissions: RolePermissions,
): AggregateCatalog {
  const catalog = aggregateCatalog(snapshot, object);
  if (permissions.unrestricted) return catalog;
  const keep = (columns: AggregateColumn[]) => columns.filter((c) => canReadColumn(permissions, object, c));
  return { groupable: keep(catalog.groupable), numeric: keep(catalog.numeric), ordered: keep(catalog.ordered) };
}

export const DATE_BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];
