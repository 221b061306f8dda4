import { v7 as uuidv7 } from 'uuid';
import type { Database, TransactionExecutor } from '../db';
import { badInput, conflict, notFound } from '../errors';
import { indexSnapshot, newKey, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import {
  ADMIN_ROLE,
  builtinRole,
  ensureBuiltinRoles,
  type RoleRow,
  readRoleRows,
  workflowsRunningAs,
} from '../permissions';
import { compileConditionProbe } from '../query';
import { bumpMetadataVersion, loadSnapshot } from '../workspace';
import { describeRoles, type RoleDescription } from './role-description';
import {
  createRoleInput,
  fieldPermissionInput,
  objectPermissionInput,
  parseRoleInput,
  updateRoleInput,
} from './role-inputs';

/** What a role change answers (the `/metadata` `RoleChange` type). */
export interface RoleChange {
  applied: boolean;
  /** The role after the change; null once deleted. */
  role: RoleDescription | null;
  metadataVersion: number;
}

export interface RoleChangeOptions {
  /** Validate and answer as if applied, then roll back. @default false */
  dryRun?: boolean;
}

export interface RoleService {
  listRoles(workspaceId: string): Promise<RoleDescription[]>;
  createRole(workspaceId: string, input: unknown, options?: RoleChangeOptions): Promise<RoleChange>;
  updateRole(workspaceId: string, name: string, input: unknown, options?: RoleChangeOptions): Promise<RoleChange>;
  deleteRole(workspaceId: string, name: string, options?: RoleChangeOptions): Promise<RoleChange>;
  setObjectPermission(
    workspaceId: string,
    role: string,
    object: string,
    input: unknown,
    options?: RoleChangeOptions,
  ): Promise<RoleChange>;
  setFieldPermission(
    workspaceId: string,
    role: string,
    object: string,
    field: string,
    input: unknown,
    options?: RoleChangeOptions,
  ): Promise<RoleChange>;
}

class DryRunDone {
  constructor(readonly change: RoleChange) {}
}

async function roleRow(tx: TransactionExecutor, workspaceId: string, name: string): Promise<RoleRow> {
  const { roles } = await readRoleRows(tx, workspaceId, name);
  if (!roles[0]) throw notFound(`There is no role named "${name}"; query roles for the list.`, { field: 'role' });
  return roles[0];
}

function editable(row: RoleRow, field: string): void {
  if (row.name === ADMIN_ROLE) throw badInput(field, 'The admin role always has every right; it cannot be changed.');
}

function objectOf(snapshot: WorkspaceSnapshot, name: string): ObjectMetadata {
  const object = indexSnapshot(snapshot).object(name);
  if (!object) throw badInput('object', `There is no object named "${name}"; use the object's singular name.`);
  return object;
}

/**
 * Roles and grants, edited through `/metadata`. Every change runs in one transaction that
 * holds the workspace row lock and bumps the metadata version, so every node drops its
 * cached schemas and rights for the workspace (NOTIFY relata_metadata on commit).
 */
export function createRoleService({ db }: { db: Database }): RoleService {
  async function change(
    workspaceId: string,
    options: RoleChangeOptions | undefined,
    work: (tx: TransactionExecutor, snapshot: WorkspaceSnapshot) => Promise<string | null>,
  ): Promise<RoleChange> {
    try {
      return await db.transaction(async (tx) => {
        await tx.query('select id from relata.workspaces where id = $1 for update', [workspaceId]);
        await ensureBuiltinRoles(tx, workspaceId);
        const snapshot = await loadSnapshot(tx, workspaceId);
        const name = await work(tx, snapshot);
        const metadataVersion = await bumpMetadataVersion(tx, workspaceId);
        const roles = describeRoles({ ...snapshot, version: metadataVersion }, await readRoleRows(tx, workspaceId));
        const result: RoleChange = {
          applied: !options?.dryRun,
          role: roles.find((r) => r.name === name) ?? null,
          metadataVersion,
        };
        if (options?.dryRun) throw new DryRunDone({ ...result, metadataVersion: snapshot.version });
        return result;
      });
    } catch (error) {
      if (error instanceof DryRunDone) return error.change;
      throw error;
    }
  }

  return {
    async listRoles(workspaceId) {
      const snapshot = await loadSnapshot(db, workspaceId);
      return describeRoles(snapshot, await readRoleRows(db, workspaceId));
    },

    createRole: (workspaceId, input, options) => {
      const parsed = parseRoleInput(createRoleInput, input, 'input');
      return change(workspaceId, options, async (tx) => {
        const taken = await tx.query('select 1 from relata.roles where workspace_id = $1 and name = $2', [
          workspaceId,
          parsed.name,
        ]);
        if (taken.rowCount > 0)
          throw conflict(`A role named "${parsed.name}" already exists.`, { field: 'input.name' });
        const keys = await tx.query<{ key: string }>('select key from relata.roles where workspace_id = $1', [
          workspaceId,
        ]);
        const key = newKey(
          parsed.key,
          parsed.name,
          keys.rows.map((r) => r.key),
          'input.key',
        );
        await tx.query(
          `insert into relata.roles (id, workspace_id, key, name, label, description, is_builtin, default_access, statement_timeout_ms)
           values ($1, $2, $3, $4, $5, $6, false, $7, $8)`,
          [
            uuidv7(),
            workspaceId,
            key,
            parsed.name,
            parsed.label,
            parsed.description ?? null,
            parsed.defaultAccess ?? 'none',
            parsed.statementTimeoutMs ?? null,
          ],
        );
        return parsed.name;
      });
    },

    updateRole: (workspaceId, name, input, options) => {
      const parsed = parseRoleInput(updateRoleInput, input, 'input');
      return change(workspaceId, options, async (tx) => {
        const row = await roleRow(tx, workspaceId, name);
        editable(row, 'name');
        if (row.is_builtin && parsed.defaultAccess !== undefined) {
          throw badInput('input.defaultAccess', 'Built-in roles keep their default access; add grants instead.');
        }
        await tx.query(
          `update relata.roles set label = $2, description = $3, default_access = $4, statement_timeout_ms = $5,
             updated_at = now() where id = $1`,
          [
            row.id,
            parsed.label ?? row.label,
            parsed.description === undefined ? row.description : parsed.description,
            parsed.defaultAccess ?? row.default_access,
            parsed.statementTimeoutMs === undefined ? row.statement_timeout_ms : parsed.statementTimeoutMs,
          ],
        );
        return row.name;
      });
    },

    deleteRole: (workspaceId, name, options) =>
      change(workspaceId, options, async (tx) => {
        const row = await roleRow(tx, workspaceId, name);
        if (row.is_builtin || builtinRole(row.name))
          throw badInput('name', `The built-in role ${name} cannot be deleted.`);
        const { rows } = await tx.query<{ members: number; api_keys: number }>(
          `select (select count(*)::int from relata.workspace_members where workspace_id = $1 and role = $2) as members,
                  (select count(*)::int from relata.api_keys
                    where workspace_id = $1 and role = $2 and revoked_at is null) as api_keys`,
          [workspaceId, name],
        );
        const { members, api_keys: apiKeys } = rows[0]!;
        if (members + apiKeys > 0) {
          throw conflict(
            `Role ${name} is still held by ${members} member(s) and ${apiKeys} API key(s); give them another role first.`,
            { field: 'name', members, apiKeys },
          );
        }
        const workflows = await workflowsRunningAs(tx, workspaceId, row.id);
        if (workflows.length > 0) {
          throw conflict(`Role ${name} is the role workflow(s) ${workflows.join(', ')} run as; choose another first.`, {
            field: 'name',
            workflows,
          });
        }
        await tx.query('delete from relata.roles where id = $1', [row.id]);
        return null;
      }),

    setObjectPermission: (workspaceId, role, objectName, input, options) => {
      const parsed = parseRoleInput(objectPermissionInput, input, 'input');
      return change(workspaceId, options, async (tx, snapshot) => {
        const row = await roleRow(tx, workspaceId, role);
        editable(row, 'role');
        const object = objectOf(snapshot, objectName);
        const current = describeRoles(snapshot, await readRoleRows(tx, workspaceId, role))
          .find((r) => r.name === role)
          ?.objects.find((o) => o.object === object.nameSingular);
        const scope = parsed.recordScope ?? current?.recordScope ?? 'all';
        const condition = scope === 'condition' ? (parsed.recordCondition ?? current?.recordCondition ?? null) : null;
        if (scope === 'condition') {
          if (!condition) throw badInput('input.recordCondition', 'Scope condition needs a recordCondition filter.');
          const probe = compileConditionProbe(snapshot, object, condition, 'input.recordCondition');
          try {
            await tx.query(probe.text, probe.params);
          } catch (error) {
            throw badInput(
              'input.recordCondition',
              `The condition does not fit the fields' types: ${(error as Error).message}. Fix the values.`,
            );
          }
        } else if (parsed.recordCondition) {
          throw badInput('input.recordCondition', 'A recordCondition applies only with recordScope "condition".');
        }
        await tx.query(
          `insert into relata.role_permissions
             (role_id, object_id, can_read, can_create, can_update, can_delete, record_scope, record_condition)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict (role_id, object_id) do update set can_read = excluded.can_read,
             can_create = excluded.can_create, can_update = excluded.can_update, can_delete = excluded.can_delete,
             record_scope = excluded.record_scope, record_condition = excluded.record_condition`,
          [
            row.id,
            object.id,
            parsed.canRead ?? current?.canRead ?? false,
            parsed.canCreate ?? current?.canCreate ?? false,
            parsed.canUpdate ?? current?.canUpdate ?? false,
            parsed.canDelete ?? current?.canDelete ?? false,
            scope,
            condition === null ? null : JSON.stringify(condition),
          ],
        );
        return row.name;
      });
    },

    setFieldPermission: (workspaceId, role, objectName, fieldName, input, options) => {
      const parsed = parseRoleInput(fieldPermissionInput, input, 'input');
      if (parsed.canWrite && !parsed.canRead) {
        throw badInput('input.canWrite', 'A field the role cannot read cannot be written either; set canRead too.');
      }
      return change(workspaceId, options, async (tx, snapshot) => {
        const row = await roleRow(tx, workspaceId, role);
        editable(row, 'role');
        const object = objectOf(snapshot, objectName);
        const field = object.fields.find((f) => f.name === fieldName);
        if (!field) throw badInput('field', `${object.nameSingular} has no field "${fieldName}".`);
        await tx.query(
          `insert into relata.role_field_permissions (role_id, field_id, can_read, can_write) values ($1, $2, $3, $4)
           on conflict (role_id, field_id) do update set can_read = excluded.can_read, can_write = excluded.can_write`,
          [row.id, field.id, parsed.canRead, parsed.canWrite],
        );
        return row.name;
      });
    },
  };
}
