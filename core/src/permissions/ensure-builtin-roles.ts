import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../db';
import { slugKey } from '../metadata';
import { BUILTIN_ROLES } from './builtin-roles';

/**
 * Writes the rows of the built-in roles a workspace does not have yet (they are created lazily),
 * so that something can refer to a built-in role by its stable id. A row without grants gives
 * the role exactly its default rights, as no row does.
 */
export async function ensureBuiltinRoles(tx: SqlExecutor, workspaceId: string): Promise<void> {
  for (const role of BUILTIN_ROLES) {
    await tx.query(
      `insert into relata.roles (id, workspace_id, key, name, label, description, is_builtin, default_access)
       values ($1, $2, $3, $4, $5, $6, true, $7) on conflict (workspace_id, name) do nothing`,
      [uuidv7(), workspaceId, slugKey(role.name), role.name, role.label, role.description, role.defaultAccess],
    );
  }
}
