import { qualify, quoteIdent } from '../db';
import { SEARCHABLE_TYPES } from './field-artifacts';
import { fieldColumns } from './field-columns';
import { physicalNames } from './physical-names';
import type { ObjectMetadata } from './types';

const searchedFields = (object: ObjectMetadata) =>
  object.fields.filter(
    (field) => SEARCHABLE_TYPES.has(field.type) || (field.name === object.labelField && field.type !== 'RELATION'),
  );

/** Columns feeding an object's `search` tsvector: text-like fields plus the label field. */
export function searchColumns(object: ObjectMetadata): string[] {
  return searchedFields(object).flatMap((field) => fieldColumns(field).map((c) => c.column));
}

const searchText = (columns: string[], row: string) =>
  columns.length ? `concat_ws(' ', ${columns.map((c) => `${row}${quoteIdent(c)}::text`).join(', ')})` : `''`;

/**
 * `create or replace` of the trigger function that fills `search`. PL/pgSQL resolves
 * column names when it runs, so it is regenerated whenever a searched column changes.
 */
export function searchFunctionSql(schema: string, object: ObjectMetadata): string {
  const text = searchText(searchColumns(object), 'new.');
  const fn = qualify(schema, physicalNames.searchFunction(object.tableName));
  return `create or replace function ${fn}() returns trigger language plpgsql as $fn$
begin
  new.search := to_tsvector('simple', ${text});
  return new;
end
$fn$`;
}

/** Statements that install search on a new table: function, trigger and GIN index. */
export function searchSetupSql(schema: string, object: ObjectMetadata): string[] {
  const table = qualify(schema, object.tableName);
  const fn = qualify(schema, physicalNames.searchFunction(object.tableName));
  return [
    searchFunctionSql(schema, object),
    `create trigger ${quoteIdent(physicalNames.searchTrigger)} before insert or update on ${table} for each row execute function ${fn}()`,
    `create index ${quoteIdent(physicalNames.searchIndex(object.tableName))} on ${table} using gin (search)`,
  ];
}

/**
 * What keeps `search` right when `before` becomes `after`: the trigger function when it changed
 * and, when a field left the searched ones (deleted, converted to a type not searched, no longer
 * the label), every stored vector rebuilt in the same transaction: the text of a field that is
 * gone must not match any search, by anyone, from the moment the change commits.
 */
export function searchRefreshSql(schema: string, before: ObjectMetadata, after: ObjectMetadata): string[] {
  const fn = searchFunctionSql(schema, after);
  if (fn === searchFunctionSql(schema, { ...before, tableName: after.tableName })) return [];
  const stays = new Set(searchedFields(after).map((field) => field.id));
  if (searchedFields(before).every((field) => stays.has(field.id))) return [fn];
  const table = qualify(schema, after.tableName);
  return [fn, `update ${table} set "search" = to_tsvector('simple', ${searchText(searchColumns(after), '')})`];
}
