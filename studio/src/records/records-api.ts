import { gql } from '../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import { findObject, typeName } from '../metadata/metadata-store';
import { type RecordData, recordSelection, titleSelection, toInput } from './selection';

export type Filter = Record<string, unknown>;
export type OrderDirection = 'AscNullsFirst' | 'AscNullsLast' | 'DescNullsFirst' | 'DescNullsLast';
export type OrderBy = Record<string, OrderDirection>[];

export interface Page {
  nodes: RecordData[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface ListOptions {
  filter?: Filter | null;
  orderBy?: OrderBy;
  first?: number;
  after?: string | null;
  fields?: FieldMeta[];
}

/** One page of records of `object`, with the total count for the current filter. */
export async function listRecords(object: ObjectMeta, options: ListOptions = {}): Promise<Page> {
  const type = typeName(object);
  const query = `query List($filter: ${type}Filter, $orderBy: [${type}OrderBy!], $first: Int, $after: String) {
    list: ${object.namePlural}(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ${recordSelection(object, options.fields)} } } }`;
  const data = await gql<{ list: Page }>('/graphql', query, {
    filter: options.filter ?? null,
    orderBy: options.orderBy?.length ? options.orderBy : null,
    first: options.first ?? 50,
    after: options.after ?? null,
  });
  return data.list;
}

export interface IdPage {
  ids: string[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** One page of the ids matching `filter` (bulk actions over a whole filtered set). */
export async function listIds(
  object: ObjectMeta,
  options: { filter: Filter | null; first: number; after: string | null },
): Promise<IdPage> {
  const type = typeName(object);
  const query = `query Ids($filter: ${type}Filter, $first: Int, $after: String) {
    list: ${object.namePlural}(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
  const { list } = await gql<{ list: { totalCount: number; pageInfo: Page['pageInfo']; nodes: { id: string }[] } }>(
    '/graphql',
    query,
    options,
  );
  return { ids: list.nodes.map((n) => n.id), totalCount: list.totalCount, ...list.pageInfo };
}

/** One record with every field, or null when it does not exist (or was deleted). */
export async function getRecord(object: ObjectMeta, id: string): Promise<RecordData | null> {
  const query = `query Get($id: ID!) { record: ${object.nameSingular}(id: $id) { ${recordSelection(object)} } }`;
  const data = await gql<{ record: RecordData | null }>('/graphql', query, { id });
  return data.record;
}

/** Creates a record from field values keyed by field name. */
export async function createRecord(object: ObjectMeta, values: Record<string, unknown>): Promise<RecordData> {
  const type = typeName(object);
  const query = `mutation Create($data: ${type}CreateInput!) {
    record: create${type}(data: $data) { ${recordSelection(object)} } }`;
  const data = await gql<{ record: RecordData }>('/graphql', query, { data: toInput(object, values) });
  return data.record;
}

/**
 * Updates the given fields of a record. With `expectedVersion` the server refuses the write
 * (CONFLICT) when someone else changed the record first.
 */
export async function updateRecord(
  object: ObjectMeta,
  id: string,
  values: Record<string, unknown>,
  expectedVersion?: number,
): Promise<RecordData> {
  const type = typeName(object);
  const query = `mutation Update($id: ID!, $data: ${type}UpdateInput!, $expectedVersion: Int) {
    record: update${type}(id: $id, data: $data, expectedVersion: $expectedVersion) { ${recordSelection(object)} } }`;
  const data = await gql<{ record: RecordData }>('/graphql', query, {
    id,
    data: toInput(object, values),
    expectedVersion: expectedVersion ?? null,
  });
  return data.record;
}

/** Soft-deletes records one by one in a single request (aliases keep it one round trip). */
export async function deleteRecords(object: ObjectMeta, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const type = typeName(object);
  const vars = ids.map((_, i) => `$id${i}: ID!`).join(', ');
  const body = ids.map((_, i) => `d${i}: delete${type}(id: $id${i}) { id }`).join(' ');
  const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
  await gql('/graphql', `mutation Delete(${vars}) { ${body} }`, variables);
}

/** Sets the same field values on many records in one request (bulk edit). */
export async function updateRecords(object: ObjectMeta, ids: string[], values: Record<string, unknown>): Promise<void> {
  if (!ids.length) return;
  const type = typeName(object);
  const vars = ids.map((_, i) => `$id${i}: ID!`).join(', ');
  const body = ids.map((_, i) => `u${i}: update${type}(id: $id${i}, data: $data) { id }`).join(' ');
  const variables = { data: toInput(object, values), ...Object.fromEntries(ids.map((id, i) => [`id${i}`, id])) };
  await gql('/graphql', `mutation BulkUpdate($data: ${type}UpdateInput!, ${vars}) { ${body} }`, variables);
}

export interface AggregateGroup {
  key: string | null;
  count: number;
  /** Totals of the summed fields, by field name. */
  sums: Record<string, number | null>;
}

/**
 * Count (and the sum of `sumField`) per value of `groupField`, for kanban column totals.
 * Sums of a currency field add up the amounts whatever their currency code.
 */
export async function aggregateBy(
  object: ObjectMeta,
  groupField: FieldMeta,
  sumFields: readonly FieldMeta[],
  filter: Filter | null,
): Promise<AggregateGroup[]> {
  const type = typeName(object);
  const sum = sumFields.length ? `sum { ${sumFields.map((f) => f.name).join(' ')} }` : '';
  const query = `query Agg($filter: ${type}Filter, $groupBy: [${type}GroupBy!]) {
    groups: ${object.namePlural}Aggregate(filter: $filter, groupBy: $groupBy) {
      group { ${groupField.name} } count ${sum} } }`;
  const data = await gql<{
    groups: { group: Record<string, string | null>; count: number; sum?: Record<string, number | null> }[];
  }>('/graphql', query, { filter, groupBy: [{ [groupField.name]: true }] });
  return data.groups.map((g) => ({
    key: g.group[groupField.name] ?? null,
    count: g.count,
    sums: Object.fromEntries(sumFields.map((f) => [f.name, g.sum?.[f.name] ?? null])),
  }));
}

export interface SearchHit {
  object: string;
  id: string;
  title: string;
  /** What tells same-named records apart (an email, a phone...), when the reader may see one. */
  detail: string | null;
}

/** Full-text search across objects (used by the command palette). */
export async function searchRecords(text: string, first = 8): Promise<SearchHit[]> {
  const data = await gql<{ search: Record<string, unknown>[] }>(
    '/graphql',
    'query Search($q: String!, $first: Int) { search(query: $q, first: $first) { object id label detail } }',
    { q: text, first },
  );
  return data.search.map((h) => ({
    object: String(h.object),
    id: String(h.id),
    title: String(h.label ?? ''),
    detail: typeof h.detail === 'string' ? h.detail : null,
  }));
}

/** A filter matching records whose title field contains `text` (full names match either part). */
export function titleFilter(title: FieldMeta | undefined, text: string): Filter | null {
  if (!text || !title) return null;
  const like = { ilike: `%${text}%` };
  if (title.type === 'FULL_NAME') {
    return { or: [{ [title.name]: { firstName: like } }, { [title.name]: { lastName: like } }] };
  }
  return { [title.name]: like };
}

/** Records of `object` whose title matches `text`, for relation pickers. */
export async function pickRecords(object: ObjectMeta, title: FieldMeta | undefined, text: string) {
  const query = `query Pick($filter: ${typeName(object)}Filter) {
    list: ${object.namePlural}(filter: $filter, first: 20) { nodes { ${titleSelection(object)} } } }`;
  const data = await gql<{ list: { nodes: RecordData[] } }>('/graphql', query, { filter: titleFilter(title, text) });
  return data.list.nodes;
}

/**
 * Every record a record's MANY_TO_MANY field links to (id and title), with the record's version.
 * The API replaces the whole set on write (`<field>Ids`), so linking or unlinking one record, or
 * editing the field, needs all of them, not the first page a record view shows.
 */
export async function linkedRecords(
  object: ObjectMeta,
  id: string,
  field: FieldMeta,
): Promise<{ records: RecordData[]; version: number }> {
  const target = findObject(field.settings.relation?.target ?? '');
  const query = `query Linked($id: ID!, $after: String) { record: ${object.nameSingular}(id: $id) {
    version links: ${field.name}(first: 500, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { ${titleSelection(target)} } } } }`;
  const records: RecordData[] = [];
  let after: string | null = null;
  // The first page's version: a write between pages then fails the update as a CONFLICT.
  let version: number | null = null;
  for (;;) {
    type Linked = { version: number; links: { pageInfo: Page['pageInfo']; nodes: RecordData[] } };
    const data: { record: Linked | null } = await gql('/graphql', query, { id, after });
    if (!data.record) throw new Error(`This ${object.labelSingular.toLowerCase()} no longer exists.`);
    version ??= data.record.version;
    records.push(...data.record.links.nodes);
    if (!data.record.links.pageInfo.hasNextPage) return { records, version };
    after = data.record.links.pageInfo.endCursor;
  }
}

/** One page of the recycle bin of `object`: its soft-deleted records, most recently deleted first. */
export async function listDeleted(object: ObjectMeta, after: string | null = null): Promise<Page> {
  const query = `query Bin($after: String) {
    list: ${object.namePlural}(deleted: true, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ${titleSelection(object)} deletedAt updatedAt } } }`;
  const data = await gql<{ list: Page }>('/graphql', query, { after });
  return data.list;
}

/** Takes a record out of the recycle bin. */
export async function restoreRecord(object: ObjectMeta, id: string): Promise<void> {
  await gql('/graphql', `mutation Restore($id: ID!) { restore${typeName(object)}(id: $id) { id } }`, { id });
}
