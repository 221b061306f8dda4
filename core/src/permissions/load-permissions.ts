import type { SqlExecutor } from '../db';
import { forbidden } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { builtinRole } from './builtin-roles';
import { compilePermissions } from './compile-permissions';
import { readRoleRows } from './role-rows';
import type { RolePermissions } from './types';

/**
 * Reads and compiles the rights of role `roleName` for `snapshot`'s workspace. A built-in
 * role without a row (no change made to it yet) has its default rights; an unknown role
 * is FORBIDDEN (a token must never fall back to some other role's rights).
 */
export async function loadRolePermissions(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  roleName: string,
): Promise<RolePermissions> {
  const rows = await readRoleRows(db, snapshot.workspaceId, roleName);
  const row = rows.roles[0];
  if (row) {
    return compilePermissions(
      snapshot,
      { name: row.name, defaultAccess: row.default_access, statementTimeoutMs: row.statement_timeout_ms },
      rows.objects,
      rows.fields,
    );
  }
  const builtin = builtinRole(roleName);
  if (!builtin) throw forbidden(`Role "${roleName}" does not exist in this workspace; ask an admin to assign another.`);
  return compilePermissions(snapshot, { name: builtin.name, defaultAccess: builtin.defaultAccess }, [], []);
}
