import type { SqlExecutor } from '../../db';
import { badInput } from '../../errors';
import { ensureBuiltinRoles } from '../../permissions';
import type { Direction } from './resolve-names';

/** A role of the workspace a workflow may run as: its stable id and its current name. */
export interface WorkflowRole {
  id: string;
  name: string;
}

/**
 * The `runAs` setting written for storage (the role's id) or for the API (its name); absent
 * stays absent (the workflow runs as admin, as every workflow did before the setting existed).
 * Without `roles` (a step runner's analysis) the value is kept: the runner resolves it itself.
 * @throws BAD_USER_INPUT naming `runAs` when no role of the workspace has that name or id
 */
export function normalizeRunAs(
  roles: readonly WorkflowRole[] | undefined,
  ref: string | null | undefined,
  direction: Direction,
): string | undefined {
  if (ref === null || ref === undefined) return undefined;
  if (!roles) return ref;
  const role = roles.find((r) => r.id === ref || r.name === ref);
  if (!role) {
    const known = roles.map((r) => r.name).join(', ');
    throw badInput('runAs', `runAs: there is no role "${ref}" in this workspace (${known}).`);
  }
  return direction === 'store' ? role.id : role.name;
}

/**
 * The roles a workflow may run as. With `ensure` (a save, inside its transaction) the built-in
 * roles get their rows first, so each has a stable id to be stored by.
 */
export async function workflowRoles(db: SqlExecutor, workspaceId: string, ensure: boolean): Promise<WorkflowRole[]> {
  if (ensure) await ensureBuiltinRoles(db, workspaceId);
  const { rows } = await db.query<WorkflowRole>('select id, name from relata.roles where workspace_id = $1', [
    workspaceId,
  ]);
  return rows;
}
