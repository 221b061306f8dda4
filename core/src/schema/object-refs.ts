import type { FieldMetadata, ObjectMetadata } from '../metadata';
import type { DataBuilder, InputRef, InType, OutType, ResultRow, RowRef } from './data-builder';
import { operatorInput } from './shared-types';
import { typeNames } from './type-names';

/** Refs of one object's generated types, created before any is implemented (relations are cyclic). */
export interface ObjectRefs {
  object: ObjectMetadata;
  record: RowRef;
  connection: RowRef;
  filter: InputRef;
  orderBy: InputRef;
  /** SELECT / MULTI_SELECT enums and their filters, by field name. */
  enums: Map<string, { type: OutType & InType; filter: InType }>;
}

const hasOptions = (field: FieldMetadata) => (field.settings.options?.length ?? 0) > 0;

export function createObjectRefs(builder: DataBuilder, object: ObjectMetadata): ObjectRefs {
  const names = typeNames(object);
  const enums = new Map<string, { type: OutType & InType; filter: InType }>();
  for (const field of object.fields) {
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
    record: builder.objectRef<ResultRow>(names.type),
    connection: builder.objectRef<ResultRow>(names.connection),
    filter: builder.inputRef<Record<string, unknown>>(names.filter),
    orderBy: builder.inputRef<Record<string, unknown>>(names.orderBy),
    enums,
  };
}
