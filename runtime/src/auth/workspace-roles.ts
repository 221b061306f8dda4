import { BUILTIN_ROLES, badInput, type SqlExecutor } from '@relata/core';

/**
 * Checks that the workspace has role `role` (built in, or a custom role created through
 * `/metadata`) and, for a custom role, locks its row until the transaction ends (FOR KEY SHARE),
 * so a concurrent `deleteRole` waits and then sees the new holder instead of orphaning it.
 * Run it in the transaction that assigns the role.
 * @throws BAD_USER_INPUT on `role` naming the roles the workspace has
 */
export async function lockWorkspaceRole(tx: SqlExecutor, workspaceId: string, role: string): Promise<void> {
  if (BUILTIN_ROLES.some((builtin) => builtin.name === role)) return;
  const found = await tx.query('select 1 from relata.roles where workspace_id = $1 and name = $2 for key share', [
    workspaceId,
    role,
  ]);
  if (found.rowCount > 0) return;
  const { rows } = await tx.query<{ name: string }>(
    'select name from relata.roles where workspace_id = $1 and not is_builtin order by name',
    [workspaceId],
  );
  const names = [...BUILTIN_ROLES.map((builtin) => builtin.name), ...rows.map((row) => row.name)];
  throw badInput('role', `This workspace has no role "${role}"; use one of: ${names.join(', ')}.`);
}
