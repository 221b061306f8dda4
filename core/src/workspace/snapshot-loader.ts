import type { SqlExecutor } from '../db';
import type { FieldMetadata, FieldSettings, FieldType, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { getWorkspace } from './workspace-store';

interface ObjectRow {
  id: string;
  key: string;
  name_singular: string;
  name_plural: string;
  label_singular: string;
  label_plural: string;
  description: string | null;
  icon: string | null;
  table_name: string;
  label_field: string | null;
}

interface FieldRow {
  id: string;
  key: string;
  object_id: string;
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  portal_visible: boolean;
  default_value: unknown;
  settings: FieldSettings;
  column_name: string;
  position: number;
}

/**
 * Reads a workspace's metadata as one immutable snapshot. Run it inside the transaction
 * that read the version, or accept that a concurrent change bumps the version right after.
 */
export async function loadSnapshot(db: SqlExecutor, workspaceId: string): Promise<WorkspaceSnapshot> {
  const workspace = await getWorkspace(db, { id: workspaceId });
  const objects = await db.query<ObjectRow>(
    'select * from relata.objects where workspace_id = $1 order by name_singular',
    [workspaceId],
  );
  const fields = await db.query<FieldRow>(
    'select * from relata.fields where workspace_id = $1 order by object_id, position, name',
    [workspaceId],
  );
  const fieldsByObject = new Map<string, FieldMetadata[]>();
  for (const row of fields.rows) {
    const list = fieldsByObject.get(row.object_id) ?? [];
    list.push(
      Object.freeze({
        id: row.id,
        objectId: row.object_id,
        key: row.key,
        name: row.name,
        label: row.label,
        type: row.type,
        description: row.description,
        required: row.required,
        unique: row.unique,
        indexed: row.indexed,
        portalVisible: row.portal_visible,
        defaultValue: row.default_value ?? null,
        settings: row.settings ?? {},
        columnName: row.column_name,
        position: row.position,
      }),
    );
    fieldsByObject.set(row.object_id, list);
  }
  const objectList: ObjectMetadata[] = objects.rows.map((row) =>
    Object.freeze({
      id: row.id,
      key: row.key,
      nameSingular: row.name_singular,
      namePlural: row.name_plural,
      labelSingular: row.label_singular,
      labelPlural: row.label_plural,
      description: row.description,
      icon: row.icon,
      tableName: row.table_name,
      labelField: row.label_field,
      fields: fieldsByObject.get(row.id) ?? [],
    }),
  );
  return Object.freeze({
    workspaceId,
    schemaName: workspace.schemaName,
    version: workspace.metadataVersion,
    objects: objectList,
  });
}
