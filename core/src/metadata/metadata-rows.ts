import type { SqlExecutor } from '../db';
import type { MetadataRowChanges } from './ddl-plan';
import type { FieldMetadata } from './types';

const OBJECT_COLUMNS = `id uuid, key text, name_singular text, name_plural text, label_singular text, label_plural text,
  description text, icon text, table_name text, label_field text`;
const FIELD_COLUMNS = `id uuid, object_id uuid, key text, name text, label text, type text, description text, required boolean,
  "unique" boolean, indexed boolean, portal_visible boolean, default_value jsonb, settings jsonb, column_name text, position integer`;

const columnNames = (columns: string) => columns.split(',').map((c) => c.trim().split(' ')[0]!);
const updateSet = (columns: string) =>
  columnNames(columns)
    .filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
const names = (columns: string) => columnNames(columns).join(', ');
const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A metadata row as `jsonb_to_recordset` reads it: one key per column, from the camelCase property
 * of the same name. Absent values become JSON null, which the recordset turns into SQL null (also
 * for jsonb columns, so "no default" is stored as SQL null).
 */
function toRecord(columns: string, row: object): Record<string, unknown> {
  // Metadata rows are plain data objects; only the listed columns are read from them.
  const values = row as Record<string, unknown>;
  return Object.fromEntries(
    columnNames(columns).map((quoted) => {
      const column = quoted.replaceAll('"', '');
      return [column, values[camelCase(column)] ?? null];
    }),
  );
}

/**
 * Writes metadata rows in as few statements as possible (one per kind, rows passed as one
 * JSON parameter), so a bundle of 200 objects costs the same round trips as one field.
 */
export async function writeMetadataRows(tx: SqlExecutor, workspaceId: string, rows: MetadataRowChanges): Promise<void> {
  if (rows.deletedFieldIds.length > 0) {
    await tx.query('delete from relata.fields where workspace_id = $1 and id = any($2::uuid[])', [
      workspaceId,
      rows.deletedFieldIds,
    ]);
  }
  if (rows.deletedObjectIds.length > 0) {
    await tx.query('delete from relata.objects where workspace_id = $1 and id = any($2::uuid[])', [
      workspaceId,
      rows.deletedObjectIds,
    ]);
  }
  if (rows.objects.length > 0) {
    const json = rows.objects.map((o) => toRecord(OBJECT_COLUMNS, o));
    await upsertRows(tx, 'relata.objects', OBJECT_COLUMNS, workspaceId, json);
  }
  if (rows.fields.length > 0) {
    const json = rows.fields.map((f) => toRecord(FIELD_COLUMNS, f));
    await upsertRows(tx, 'relata.fields', FIELD_COLUMNS, workspaceId, json);
  }
}

/** Inserts or updates `rows` (column-named JSON objects) of one workspace in a single statement. */
async function upsertRows(
  tx: SqlExecutor,
  table: 'relata.objects' | 'relata.fields',
  columns: string,
  workspaceId: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  await tx.query(
    `insert into ${table} (workspace_id, ${names(columns)})
     select $1, ${names(columns)} from jsonb_to_recordset($2::jsonb) as x(${columns})
     on conflict (id) do update set ${updateSet(columns)}, updated_at = now()`,
    [workspaceId, JSON.stringify(rows)],
  );
}

/** `rows` plus `carried` fields a change rewrites as a side effect (a roll-up's filter following a rename). */
export function withCarriedFields(rows: MetadataRowChanges, carried: FieldMetadata[]): MetadataRowChanges {
  if (carried.length === 0) return rows;
  const planned = new Set(rows.fields.map((f) => f.id));
  return { ...rows, fields: [...rows.fields, ...carried.filter((f) => !planned.has(f.id))] };
}
