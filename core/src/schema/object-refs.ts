import { type FieldMetadata, isComputed, isModelManaged, type ObjectMetadata } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadField, objectPermission } from '../query';
import type { DataBuilder, InputRef, InType, OutType, ResultRow, RowRef } from './data-builder';
import { operatorInput } from './shared-types';
import { typeNames } from './type-names';

/** Refs of one object's generated types, created before any is implemented (relations are cyclic). */
export interface ObjectRefs {
  object: ObjectMetadata;
  /** Fields the role reads: the only ones its types, filters, orders and aggregates mention. */
  fields: FieldMetadata[];
  /** Fields the role writes: the only ones its create and update inputs hold. */
  writable: FieldMetadata[];
  record: RowRef;
  connection: RowRef;
  filter: InputRef;
  orderBy: InputRef;
  /** SELECT / MULTI_SELECT enums and their filters, by field name. */
  enums: Map<string, { type: OutType & InType; filter: InType }>;
}

const hasOptions = (field: FieldMetadata) => (field.settings.options?.length ?? 0) > 0;

export function createObjectRefs(
  builder: DataBuilder,
  object: ObjectMetadata,
  permissions: RolePermissions,
): ObjectRefs {
  const names = typeNames(object);
  const fields = object.fields.filter((f) => canReadField(permissions, object, f.name));
  const readOnly = objectPermission(permissions, object)?.readOnlyFields;
  // FORMULA and ROLLUP fields are computed, scoring models' fields theirs: read-only for every role.
  const writable = fields.filter((f) => !isComputed(f) && !isModelManaged(f) && !readOnly?.has(f.name));
  const enums = new Map<string, { type: OutType & InType; filter: InType }>();
  // Enums of hidden fields are not even created: their names and values would show in introspection.
  for (const field of fields) {
    if ((field.type !== 'SELECT' && field.type !== 'MULTI_SELECT') || !hasOptions(field)) continue;
    const options = [...(field.settings.options ?? [])].sort((a, b) => a.position - b.position);
    const type = builder.enumType(names.selectEnum(field), {
      values: Object.fromEntries(options.map((o) => [o.value, { value: o.value, description: o.label }])),
    });
    const ops = field.type === 'SELECT' ? ['eq', 'neq', 'in', 'notIn'] : ['containsAny', 'containsAll'];
    enums.set(field.name, { type, filter: operatorInput(builder, names.selectFilter(field), type, ops) });
  }
  return {
    object,
    fields,
    writable,
    record: builder.objectRef<ResultRow>(names.type),
    connection: builder.objectRef<ResultRow>(names.connection),
    filter: builder.inputRef<Record<string, unknown>>(names.filter),
    orderBy: builder.inputRef<Record<string, unknown>>(names.orderBy),
    enums,
  };
}
