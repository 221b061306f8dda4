import { DATE_BUCKETS } from '../query';
import type { DataBuilder, InType, OutType, ResultRow } from './data-builder';
import { readAlias } from './read-alias';

const EQUALITY = ['eq', 'neq'];
const SETS = ['in', 'notIn'];
const RANGE = ['gt', 'gte', 'lt', 'lte'];
const TEXT = ['like', 'ilike', 'startsWith'];

/** Scalar filters and the operators each offers (`isNull` always). */
const SCALAR_FILTERS = {
  IDFilter: { scalar: 'ID', ops: [...EQUALITY, ...SETS] },
  StringFilter: { scalar: 'String', ops: [...EQUALITY, ...SETS, ...RANGE, ...TEXT] },
  FloatFilter: { scalar: 'Float', ops: [...EQUALITY, ...SETS, ...RANGE] },
  IntFilter: { scalar: 'Int', ops: [...EQUALITY, ...SETS, ...RANGE] },
  BooleanFilter: { scalar: 'Boolean', ops: EQUALITY },
  DateFilter: { scalar: 'Date', ops: [...EQUALITY, ...SETS, ...RANGE] },
  DateTimeFilter: { scalar: 'DateTime', ops: [...EQUALITY, ...SETS, ...RANGE] },
  JSONFilter: { scalar: 'JSON', ops: [] },
} as const;
export type ScalarFilterName = keyof typeof SCALAR_FILTERS;

/** API parts of the composite types, with each part's scalar. */
export const COMPOSITE_TYPES = {
  Currency: { amount: 'Float', currencyCode: 'String' },
  Address: {
    street1: 'String',
    street2: 'String',
    city: 'String',
    state: 'String',
    postcode: 'String',
    country: 'String',
  },
  FullName: { firstName: 'String', lastName: 'String' },
} as const;
export type CompositeName = keyof typeof COMPOSITE_TYPES;

const PART_FILTERS: Record<string, ScalarFilterName> = { Float: 'FloatFilter', String: 'StringFilter' };

/**
 * Input fields `{ eq neq in notIn ... isNull }` over values of `type`. List operators
 * (`in`, `containsAny`...) take lists of the same type.
 */
export function operatorInput(builder: DataBuilder, name: string, type: InType, ops: readonly string[]): InType {
  return builder.inputType(name, {
    fields: (t) => {
      const fields: Record<string, ReturnType<typeof t.field>> = {};
      for (const op of ops) {
        const list = op === 'in' || op === 'notIn' || op === 'containsAny' || op === 'containsAll';
        fields[op] = list ? t.field({ type: [type], required: { list: false, items: true } }) : t.field({ type });
      }
      fields.isNull = t.boolean();
      return fields;
    },
  });
}

/** Types every data schema shares, created once per build. */
export function addSharedTypes(builder: DataBuilder) {
  const scalarFilters = Object.fromEntries(
    Object.entries(SCALAR_FILTERS).map(([name, spec]) => [name, operatorInput(builder, name, spec.scalar, spec.ops)]),
  ) as Record<ScalarFilterName, InType>;

  const composites = {} as Record<CompositeName, { output: OutType; input: InType; filter: InType }>;
  for (const [name, parts] of Object.entries(COMPOSITE_TYPES) as [
    CompositeName,
    Record<string, 'Float' | 'String'>,
  ][]) {
    const output = builder.objectRef<ResultRow>(name).implement({
      fields: (t) =>
        Object.fromEntries(
          Object.entries(parts).map(([part, scalar]) => [
            part,
            t.field({ type: scalar, nullable: true, resolve: readAlias }),
          ]),
        ),
    });
    const input = builder.inputType(`${name}Input`, {
      fields: (t) =>
        Object.fromEntries(Object.entries(parts).map(([part, scalar]) => [part, t.field({ type: scalar })])),
    });
    const filter = builder.inputType(`${name}Filter`, {
      fields: (t) =>
        Object.fromEntries(
          Object.entries(parts).map(([part, scalar]) => [
            part,
            t.field({ type: scalarFilters[PART_FILTERS[scalar] ?? 'StringFilter'] }),
          ]),
        ),
    });
    composites[name] = { output, input, filter };
  }

  const pageInfo = builder.objectRef<ResultRow>('PageInfo').implement({
    fields: (t) => ({
      hasNextPage: t.field({ type: 'Boolean', resolve: readAlias }),
      hasPreviousPage: t.field({ type: 'Boolean', resolve: readAlias }),
      startCursor: t.field({ type: 'String', nullable: true, resolve: readAlias }),
      endCursor: t.field({ type: 'String', nullable: true, resolve: readAlias }),
    }),
  });

  const orderDirection = builder.enumType('OrderByDirection', {
    values: ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'] as const,
  });
  const dateBucket = builder.enumType('DateBucket', { values: DATE_BUCKETS });
  const changeKind = builder.enumType('ChangeKind', {
    values: ['CREATED', 'UPDATED', 'DELETED', 'RESTORED', 'DESTROYED'] as const,
  });

  const searchHit = builder.objectRef<ResultRow>('SearchHit').implement({
    fields: (t) => ({
      object: t.field({ type: 'String', description: 'nameSingular of the object', resolve: readAlias }),
      id: t.field({ type: 'ID', resolve: readAlias }),
      label: t.field({ type: 'String', nullable: true, resolve: readAlias }),
      detail: t.field({
        type: 'String',
        nullable: true,
        description: 'What tells records of the same label apart: the first readable email, phone, URL or text field.',
        resolve: readAlias,
      }),
      rank: t.field({ type: 'Float', resolve: readAlias }),
    }),
  });

  return { scalarFilters, composites, pageInfo, orderDirection, dateBucket, changeKind, searchHit };
}

export type SharedTypes = ReturnType<typeof addSharedTypes>;
