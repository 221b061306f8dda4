import type { FieldMetadata } from '../metadata';
import type { DataBuilder, InType } from './data-builder';
import type { ObjectRefs } from './object-refs';
import { COMPOSITE_OF } from './record-type';
import { SCALAR_OF } from './scalar-types';
import type { SharedTypes } from './shared-types';
import { typeNames } from './type-names';

const SCALAR_INPUT: Partial<Record<FieldMetadata['type'], InType>> = SCALAR_OF;

/**
 * `<Type>CreateInput` and `<Type>UpdateInput`: fields by API name, composites as objects,
 * MANY_TO_ONE as `<field>Id`, MANY_TO_MANY as `<field>Ids` (replaces the set), `ownerId`.
 * Create requires the required fields that have no default; the record service validates the rest.
 */
export function implementInputTypes(
  builder: DataBuilder,
  shared: SharedTypes,
  own: ObjectRefs,
  refs: Map<string, ObjectRefs>,
) {
  const names = typeNames(own.object);
  const make = (name: string, create: boolean) =>
    builder.inputType(name, {
      fields: (t) => {
        const fields: Record<string, ReturnType<typeof t.field>> = { ownerId: t.field({ type: 'ID' }) };
        for (const field of own.writable) {
          const required = create && field.required && field.defaultValue === null;
          const relation = field.settings.relation;
          if (field.type === 'RELATION') {
            // Linking needs the target readable too (else ids would probe its records).
            if (!relation || !refs.has(relation.target)) continue;
            if (relation?.kind === 'MANY_TO_ONE') fields[`${field.name}Id`] = t.field({ type: 'ID', required });
            else fields[`${field.name}Ids`] = t.field({ type: ['ID'], required: { list: false, items: true } });
            continue;
          }
          const composite = COMPOSITE_OF[field.type];
          const type = composite
            ? shared.composites[composite].input
            : (own.enums.get(field.name)?.type ?? SCALAR_INPUT[field.type] ?? 'String');
          fields[field.name] =
            field.type === 'MULTI_SELECT'
              ? t.field({ type: [type], required: { list: required, items: true } })
              : t.field({ type, required });
        }
        return fields;
      },
    });
  return { create: make(names.createInput, true), update: make(names.updateInput, false) };
}
