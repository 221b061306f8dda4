import type { FieldMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { type AggregateColumn, readableCatalog } from '../query';
import type { DataBuilder, OutType, ResultRow } from './data-builder';
import type { ObjectRefs } from './object-refs';
import { readAlias } from './read-alias';
import { SCALAR_OF } from './scalar-types';
import type { SharedTypes } from './shared-types';
import { typeNames } from './type-names';

const OUTPUT: Record<AggregateColumn['type'], OutType> = {
  ...SCALAR_OF,
  CURRENCY: 'Float',
  ADDRESS: 'String',
  FULL_NAME: 'String',
  RELATION: 'ID',
  ID: 'ID',
  INT: 'Int',
};

/**
 * `<Type>GroupBy` input (dates take a bucket) and `<Type>Aggregate { group count sum avg min max }`.
 * group/groupBy and sum/avg/min/max are left out when the role reads no column they apply to (empty types are invalid).
 */
export function implementAggregateTypes(
  builder: DataBuilder,
  snapshot: WorkspaceSnapshot,
  shared: SharedTypes,
  own: ObjectRefs,
  permissions: RolePermissions,
) {
  const names = typeNames(own.object);
  const catalog = readableCatalog(snapshot, own.object, permissions);
  const outputOf = (column: AggregateColumn) => {
    const field: FieldMetadata | undefined = own.object.fields.find((f) => f.name === column.name);
    return (field && own.enums.get(field.name)?.type) ?? OUTPUT[column.type];
  };
  const rowType = (name: string, columns: AggregateColumn[], type: (c: AggregateColumn) => OutType) =>
    builder.objectRef<ResultRow>(name).implement({
      fields: (t) =>
        Object.fromEntries(
          columns.map((c) => [c.name, t.field({ type: type(c), nullable: true, resolve: readAlias })]),
        ),
    });

  // A role reading no groupable column (a portal user's linked object with only `id` visible)
  // gets neither the input nor the group: empty types would make the whole schema invalid.
  const groupable = catalog.groupable.length > 0;
  const groupBy = groupable
    ? builder.inputType(names.groupBy, {
        fields: (t) =>
          Object.fromEntries(
            catalog.groupable.map((c) => [
              c.name,
              c.type === 'DATE' || c.type === 'DATE_TIME' ? t.field({ type: shared.dateBucket }) : t.boolean(),
            ]),
          ),
      })
    : null;
  const group = groupable ? rowType(names.aggregateGroup, catalog.groupable, outputOf) : null;
  const numeric = catalog.numeric.length > 0 ? rowType(names.numericAggregate, catalog.numeric, () => 'Float') : null;
  const minMax = catalog.ordered.length > 0 ? rowType(names.minMaxAggregate, catalog.ordered, outputOf) : null;

  const aggregate = builder.objectRef<ResultRow>(names.aggregate).implement({
    fields: (t) => ({
      ...(group && { group: t.field({ type: group, resolve: readAlias }) }),
      count: t.field({ type: 'Int', resolve: readAlias }),
      ...(numeric && {
        sum: t.field({ type: numeric, resolve: readAlias }),
        avg: t.field({ type: numeric, resolve: readAlias }),
      }),
      ...(minMax && {
        min: t.field({ type: minMax, resolve: readAlias }),
        max: t.field({ type: minMax, resolve: readAlias }),
      }),
    }),
  });
  return { groupBy, aggregate };
}
