import { type FieldMetadata, indexSnapshot, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadEdge, canReadField } from '../query';
import type { InType } from './data-builder';
import type { ObjectRefs } from './object-refs';
import { COMPOSITE_OF } from './record-type';
import { apiValueType } from './scalar-types';
import type { ScalarFilterName, SharedTypes } from './shared-types';

const FIELD_FILTERS: Partial<Record<FieldMetadata['type'], ScalarFilterName>> = {
  TEXT: 'StringFilter',
  RICH_TEXT: 'StringFilter',
  EMAIL: 'StringFilter',
  PHONE: 'StringFilter',
  URL: 'StringFilter',
  SELECT: 'StringFilter',
  MULTI_SELECT: 'StringFilter',
  NUMBER: 'FloatFilter',
  RATING: 'IntFilter',
  BOOLEAN: 'BooleanFilter',
  DATE: 'DateFilter',
  DATE_TIME: 'DateTimeFilter',
  JSON: 'JSONFilter',
};

const STANDARD_FILTERS: Record<string, ScalarFilterName> = {
  id: 'IDFilter',
  createdAt: 'DateTimeFilter',
  updatedAt: 'DateTimeFilter',
  createdBy: 'IDFilter',
  updatedBy: 'IDFilter',
  ownerId: 'IDFilter',
  deletedAt: 'DateTimeFilter',
  version: 'IntFilter',
};

/**
 * `<Type>Filter { and or not <field>: <op filter> <relation>: <Target>Filter }`. A relation
 * filter matches when the related record (for to-many: some related record) matches.
 */
export function implementFilterType(
  snapshot: WorkspaceSnapshot,
  refs: Map<string, ObjectRefs>,
  shared: SharedTypes,
  own: ObjectRefs,
  permissions: RolePermissions,
) {
  const { object } = own;
  own.filter.implement({
    fields: (t) => {
      const fields: Record<string, ReturnType<typeof t.field>> = {
        and: t.field({ type: [own.filter], required: { list: false, items: true } }),
        or: t.field({ type: [own.filter], required: { list: false, items: true } }),
        not: t.field({ type: own.filter }),
      };
      const add = (name: string, type: InType) => {
        fields[name] = t.field({ type });
      };
      for (const [name, filter] of Object.entries(STANDARD_FILTERS)) {
        if (canReadField(permissions, object, name)) add(name, shared.scalarFilters[filter]);
      }
      for (const field of own.fields) {
        const composite = COMPOSITE_OF[field.type];
        const enumFilter = own.enums.get(field.name)?.filter;
        const scalar = FIELD_FILTERS[apiValueType(field)];
        if (composite) add(field.name, shared.composites[composite].filter);
        else if (enumFilter) add(field.name, enumFilter);
        else if (scalar) add(field.name, shared.scalarFilters[scalar]);
      }
      for (const edge of indexSnapshot(snapshot).relations(object.nameSingular)) {
        const target = refs.get(edge.to.nameSingular);
        if (target && canReadEdge(permissions, edge)) add(edge.name, target.filter);
        if (edge.kind === 'MANY_TO_ONE' && own.fields.includes(edge.field)) {
          add(`${edge.name}Id`, shared.scalarFilters.IDFilter);
        }
      }
      return fields;
    },
  });
}

const UNORDERED = new Set<FieldMetadata['type']>(['JSON', 'MULTI_SELECT', 'ADDRESS', 'RELATION']);

/** `<Type>OrderBy`: one direction per field; an entry names one field (checked by the compiler). */
export function implementOrderByType(shared: SharedTypes, own: ObjectRefs, permissions: RolePermissions) {
  own.orderBy.implement({
    fields: (t) => {
      const fields: Record<string, ReturnType<typeof t.field>> = {};
      for (const name of Object.keys(STANDARD_FILTERS)) {
        if (canReadField(permissions, own.object, name)) fields[name] = t.field({ type: shared.orderDirection });
      }
      for (const field of own.fields) {
        if (!UNORDERED.has(field.type)) fields[field.name] = t.field({ type: shared.orderDirection });
        if (field.settings.relation?.kind === 'MANY_TO_ONE')
          fields[`${field.name}Id`] = t.field({ type: shared.orderDirection });
      }
      return fields;
    },
  });
}
