import { qualify, quoteIdent } from '../db';
import { SEARCHABLE_TYPES } from './field-artifacts';
import { fieldColumns } from './field-columns';
import { physicalNames } from './physical-names';
import type { ObjectMetadata, WorkspaceSnapshot } from './types';

const searchedFields = (object: ObjectMetadata) =>
  object.fields.filter(
    (field) => SEARCHABLE_TYPES.has(field.type) || (field.name === object.labelField && field.type !== 'RELATION'),
  );

/** Columns feeding an object's `search` tsvector: text-like fields plus the label field. */
export function searchColumns(object: ObjectMetadata): string[] {
  return searchedFields(object).flatMap((field) => fieldColumns(field).map((c) => c.column));
}

/** The text the object's search vector is made of, reading columns as `<row>."column"`. */
function searchTextSql(object: ObjectMetadata, row: string | null): string {
  const columns = searchColumns(object).map((c) => `${row ? `${row}.` : ''}${quoteIdent(c)}::text`);
  return columns.length ? `concat_ws(' ', ${columns.join(', ')})` : `''`;
}

/**
 * Stored search vectors only change when a row is written, so a field that stops feeding them
 * (deleted, converted to a type that is not searched, no longer the label field) would stay
 * findable in every row. For each object of `after` that lost one (or where an existing field
 * joined them, e.g. as the new label field), the statement that rebuilds the vectors from what
 * is searched now; it runs after the plan's DDL. A new field needs none: it holds nothing yet.
 */
export function searchRebuildSql(before: WorkspaceSnapshot, after: WorkspaceSnapshot): string[] {
  return after.objects.flatMap((object) => {
    const previous = before.objects.find((o) => o.id === object.id);
    if (!previous) return [];
    const was = new Set(searchedFields(previous).map((f) => f.id));
    const now = new Set(searchedFields(object).map((f) => f.id));
    const existed = new Set(previous.fields.map((f) => f.id));
    const left = [...was].some((id) => !now.has(id));
    const joined = [...now].some((id) => !was.has(id) && existed.has(id));
    if (!left && !joined) return [];
    const table = qualify(after.schemaName, object.tableName);
    return [`update ${table} set "search" = to_tsvector('simple', ${searchTextSql(object, null)})`];
  });
}

/**
 * `create or replace` of the trigger function that fills `search`. PL/pgSQL resolves
 * column names when it runs, so it is regenerated whenever a searched column changes.
 * An update that leaves every searched column as it was keeps the stored vector: writes of other
 * fields (a scoring model's 100k scores, a stage change) skip building the text and its tsvector.
 */
export function searchFunctionSql(schema: string, object: ObjectMetadata): string {
  const text = searchTextSql(object, 'new');
  const fn = qualify(schema, physicalNames.searchFunction(object.tableName));
  const columns = searchColumns(object).map(quoteIdent);
  const row = (side: 'new' | 'old') => `row(${columns.map((c) => `${side}.${c}`).join(', ')})`;
  // No searched column: the vector of '' never changes after the insert. OLD is read only on
  // updates (on an insert it is null).
  const unchanged = columns.length ? `${row('new')} is not distinct from ${row('old')}` : 'true';
  return `create or replace function ${fn}() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'UPDATE' then
    if ${unchanged} then
      return new;
    end if;
  end if;
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
