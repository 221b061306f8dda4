import { qualify, quoteIdent } from '../db';
import { SEARCHABLE_TYPES } from './field-artifacts';
import { fieldColumns } from './field-columns';
import { physicalNames } from './physical-names';
import type { ObjectMetadata } from './types';

/** Columns feeding an object's `search` tsvector: text-like fields plus the label field. */
export function searchColumns(object: ObjectMetadata): string[] {
  const columns: string[] = [];
  for (const field of object.fields) {
    const searchable =
      SEARCHABLE_TYPES.has(field.type) || (field.name === object.labelField && field.type !== 'RELATION');
    if (searchable) columns.push(...fieldColumns(field).map((c) => c.column));
  }
  return columns;
}

/**
 * `create or replace` of the trigger function that fills `search`. PL/pgSQL resolves
 * column names when it runs, so it is regenerated whenever a searched column changes.
 */
export function searchFunctionSql(schema: string, object: ObjectMetadata): string {
  const columns = searchColumns(object);
  const text = columns.length ? `concat_ws(' ', ${columns.map((c) => `new.${quoteIdent(c)}::text`).join(', ')})` : `''`;
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
