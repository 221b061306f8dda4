import { type ComputedRef, type Ref, ref, watch } from 'vue';
import { gql } from '../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import { typeName } from '../metadata/metadata-store';
import type { Filter } from './records-api';

/** Sum and average of one numeric or currency column over the whole filtered set. */
export interface ColumnTotal {
  sum: number | null;
  avg: number | null;
}

/** Columns that have totals: numbers and money (a currency's amounts added whatever their code). */
export const hasTotal = (field: FieldMeta) => field.type === 'NUMBER' || field.type === 'CURRENCY';

/** Totals of `fields` over every record matching `filter`, computed by the database (one aggregate). */
export async function fetchColumnTotals(
  object: ObjectMeta,
  fields: FieldMeta[],
  filter: Filter | null,
): Promise<Map<string, ColumnTotal>> {
  if (fields.length === 0) return new Map();
  const names = fields.map((f) => f.name).join(' ');
  const data = await gql<{
    totals: { sum: Record<string, number | null> | null; avg: Record<string, number | null> | null }[];
  }>(
    '/graphql',
    `query Totals($filter: ${typeName(object)}Filter) { totals: ${object.namePlural}Aggregate(filter: $filter) { sum { ${names} } avg { ${names} } } }`,
    { filter },
  );
  const row = data.totals[0];
  return new Map(fields.map((f) => [f.name, { sum: row?.sum?.[f.name] ?? null, avg: row?.avg?.[f.name] ?? null }]));
}

/**
 * The totals of the list's visible numeric columns, refetched when the filter or the columns
 * change and on `refresh` (live changes). A failure leaves the footer empty rather than wrong.
 * Nothing is asked before `ready()` (the list's first rows are on screen): an aggregate over the
 * whole set must not compete with them.
 */
export function useColumnTotals(
  object: ObjectMeta,
  filter: ComputedRef<Filter | null>,
  columns: () => string[],
  ready: () => boolean = () => true,
): { totals: Ref<Map<string, ColumnTotal>>; refresh: () => Promise<void> } {
  const totals = ref(new Map<string, ColumnTotal>());
  let asked = 0;
  async function refresh(): Promise<void> {
    if (!ready()) return;
    const ticket = ++asked;
    const fields = columns()
      .map((name) => object.fields.find((f) => f.name === name))
      .filter((f): f is FieldMeta => !!f && hasTotal(f));
    const next = await fetchColumnTotals(object, fields, filter.value).catch(() => new Map<string, ColumnTotal>());
    // Only the newest answer counts: a slow older one must not overwrite it.
    if (ticket === asked) totals.value = next;
  }
  watch([filter, () => columns().join(','), ready], () => void refresh(), { immediate: true, deep: true });
  return { totals, refresh };
}
