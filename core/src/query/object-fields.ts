import type { ValueType } from '../formula';
import {
  computedResultType,
  type FieldMetadata,
  fieldColumns,
  indexSnapshot,
  type ObjectMetadata,
  type RelationEdge,
  STANDARD_FIELDS,
  type StandardFieldName,
  type WorkspaceSnapshot,
} from '../metadata';

/** How one API field of a record maps onto SQL. */
export type FieldAccess =
  | { kind: 'column'; name: string; column: string; sqlType: string; field: FieldMetadata | null }
  | {
      kind: 'composite';
      name: string;
      parts: Record<string, { column: string; sqlType: string }>;
      field: FieldMetadata;
    }
  | { kind: 'relation'; name: string; edge: RelationEdge }
  /** A FORMULA or ROLLUP field: computed by `computedSql`; `sqlType` is its result's. */
  | { kind: 'computed'; name: string; sqlType: string; field: FieldMetadata };

const STANDARD_SQL_TYPES: Record<StandardFieldName, string> = {
  id: 'uuid',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
  createdBy: 'uuid',
  updatedBy: 'uuid',
  ownerId: 'uuid',
  deletedAt: 'timestamptz',
  version: 'integer',
};

/** The SQL type a formula's value has, for casts of the whole expression and of bound filter values. */
export const FORMULA_SQL_TYPES: Record<ValueType, string> = {
  NUMBER: 'numeric',
  TEXT: 'text',
  BOOLEAN: 'boolean',
  DATE: 'date',
  DATE_TIME: 'timestamptz',
  NULL: 'text',
};

const memo = new WeakMap<WorkspaceSnapshot, Map<string, Map<string, FieldAccess>>>();

function buildAccess(snapshot: WorkspaceSnapshot, object: ObjectMetadata): Map<string, FieldAccess> {
  const access = new Map<string, FieldAccess>();
  for (const [name, column] of Object.entries(STANDARD_FIELDS)) {
    access.set(name, {
      kind: 'column',
      name,
      column,
      sqlType: STANDARD_SQL_TYPES[name as StandardFieldName],
      field: null,
    });
  }
  for (const field of object.fields) {
    const resultType = computedResultType(field);
    if (resultType) {
      access.set(field.name, { kind: 'computed', name: field.name, sqlType: FORMULA_SQL_TYPES[resultType], field });
      continue;
    }
    const columns = fieldColumns(field);
    if (field.type === 'RELATION') {
      const fk = columns[0];
      if (fk)
        access.set(`${field.name}Id`, {
          kind: 'column',
          name: `${field.name}Id`,
          column: fk.column,
          sqlType: 'uuid',
          field,
        });
      continue;
    }
    if (columns.length === 1 && columns[0]?.part === null) {
      access.set(field.name, {
        kind: 'column',
        name: field.name,
        column: columns[0].column,
        sqlType: columns[0].sqlType,
        field,
      });
    } else {
      const parts = Object.fromEntries(columns.map((c) => [c.part ?? '', { column: c.column, sqlType: c.sqlType }]));
      access.set(field.name, { kind: 'composite', name: field.name, parts, field });
    }
  }
  for (const edge of indexSnapshot(snapshot).relations(object.nameSingular)) {
    access.set(edge.name, { kind: 'relation', name: edge.name, edge });
  }
  return access;
}

/** Every API field of `object` with its SQL mapping (memoised per snapshot, which is immutable). */
export function objectFields(snapshot: WorkspaceSnapshot, object: ObjectMetadata): Map<string, FieldAccess> {
  let perObject = memo.get(snapshot);
  if (!perObject) {
    perObject = new Map();
    memo.set(snapshot, perObject);
  }
  let access = perObject.get(object.nameSingular);
  if (!access) {
    access = buildAccess(snapshot, object);
    perObject.set(object.nameSingular, access);
  }
  return access;
}

/** The SQL type without its modifier, for casting bound parameters (`numeric(20,2)` -> `numeric`). */
export function castType(sqlType: string): string {
  return sqlType.replace(/\(.*\)$/, '');
}
