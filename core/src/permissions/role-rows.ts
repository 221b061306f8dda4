import type { SqlExecutor } from '../db';
import type { DefaultAccess, RecordScope } from './types';

export interface RoleRow {
  id: string;
  /** Stable key within the workspace (metadata as code). */
  key: string;
  name: string;
  label: string;
  description: string | null;
  is_builtin: boolean;
  default_access: DefaultAccess;
  statement_timeout_ms: number | null;
}

export interface ObjectGrantRow {
  role_id: string;
  object_id: string;
  can_read: boolean;
  can_create: boolean;
  can_update: boolean;
  can_delete: boolean;
  record_scope: RecordScope;
  record_condition: Record<string, unknown> | null;
}

export interface FieldGrantRow {
  role_id: string;
  field_id: string;
  can_read: boolean;
  can_write: boolean;
}

/** Roles of a workspace with their grants; `name` narrows to one role. */
export async function readRoleRows(
  db: SqlExecutor,
  workspaceId: string,
  name?: string,
): Promise<{ roles: RoleRow[]; objects: ObjectGrantRow[]; fields: FieldGrantRow[] }> {
  const filter = name === undefined ? '' : ' and r.name = $2';
  const params = name === undefined ? [workspaceId] : [workspaceId, name];
  const roles = await db.query<RoleRow>(
    `select r.id, r.key, r.name, r.label, r.description, r.is_builtin, r.default_access, r.statement_timeout_ms
     from relata.roles r where r.workspace_id = $1${filter} order by r.name`,
    params,
  );
  if (roles.rows.length === 0) return { roles: [], objects: [], fields: [] };
  const ids = roles.rows.map((r) => r.id);
  const objects = await db.query<ObjectGrantRow>(
    'select * from relata.role_permissions where role_id = any($1::uuid[])',
    [ids],
  );
  const fields = await db.query<FieldGrantRow>(
    'select * from relata.role_field_permissions where role_id = any($1::uuid[])',
    [ids],
  );
  return { roles: roles.rows, objects: objects.rows, fields: fields.rows };
}

/**
 * Names of the workflows that run as role `roleId` (their draft or their published version's
 * `runAs`): the role cannot be deleted while they do.
 */
export async function workflowsRunningAs(db: SqlExecutor, workspaceId: string, roleId: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select w.name from relata.workflows w
      left join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
      where w.workspace_id = $1 and (w.draft->>'runAs' = $2 or v.definition->>'runAs' = $2)
      order by w.name`,
    [workspaceId, roleId],
  );
  return rows.map((r) => r.name);
}
