import type { SqlExecutor } from '../db';
import type { MetadataRowChanges } from './ddl-plan';

const OBJECT_COLUMNS = `id uuid, name_singular text, name_plural text, label_singular text, label_plural text,
  description text, icon text, table_name text, label_field text`;
const FIELD_COLUMNS = `id uuid, object_id uuid, name text, label text, type text, description text, required boolean,
  "unique" boolean, indexed boolean, default_value jsonb, settings jsonb, column_name text, position integer`;

const updateSet = (columns: string) =>
  columns
    .split(',')
    .map((c) => c.trim().split(' ')[0]!)
    .filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
const names = (columns: string) =>
  columns
    .split(',')
    .map((c) => c.trim().split(' ')[0]!)
    .join(', ');

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
    const json = rows.objects.map((o) => ({
      id: o.id,
      name_singular: o.nameSingular,
      name_plural: o.namePlural,
      label_singular: o.labelSingular,
      label_plural: o.labelPlural,
      description: o.description,
      icon: o.icon,
      table_name: o.tableName,
      label_field: o.labelField,
    }));
    await tx.query(
      `insert into relata.objects (workspace_id, ${names(OBJECT_COLUMNS)})
       select $1, ${names(OBJECT_COLUMNS)} from jsonb_to_recordset($2::jsonb) as x(${OBJECT_COLUMNS})
       on conflict (id) do update set ${updateSet(OBJECT_COLUMNS)}, updated_at = now()`,
      [workspaceId, JSON.stringify(json)],
    );
  }
  if (rows.fields.length > 0) {
    const json = rows.fields.map((f) => ({
      id: f.id,
      object_id: f.objectId,
      name: f.name,
      label: f.label,
      type: f.type,
      description: f.description,
      required: f.required,
      unique: f.unique,
      indexed: f.indexed,
      // jsonb null vs SQL null: "no default" is stored as SQL null.
      default_value: f.defaultValue ?? null,
      settings: f.settings,
      column_name: f.columnName,
      position: f.position,
    }));
    await tx.query(
      `insert into relata.fields (workspace_id, ${names(FIELD_COLUMNS)})
       select $1, ${names(FIELD_COLUMNS)} from jsonb_to_recordset($2::jsonb) as x(${FIELD_COLUMNS})
       on conflict (id) do update set ${updateSet(FIELD_COLUMNS)}, updated_at = now()`,
      [workspaceId, JSON.stringify(json)],
    );
  }
}
