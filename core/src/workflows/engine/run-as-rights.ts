import type { SqlExecutor } from '../../db';
import { ErrorCode, forbidden, isRelataError } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import { builtinRole, loadRolePermissions, type RolePermissions } from '../../permissions';

/** Rights by `runAs` per snapshot: role changes bump the metadata version, so a snapshot's answer holds. */
const cache = new WeakMap<WorkspaceSnapshot, Map<string, Promise<RolePermissions>>>();

async function load(db: SqlExecutor, snapshot: WorkspaceSnapshot, ref: string): Promise<RolePermissions> {
  const { rows } = await db.query<{ name: string }>(
    'select name from relata.roles where workspace_id = $1 and (id::text = $2 or name = $2)',
    [snapshot.workspaceId, ref],
  );
  const name = rows[0]?.name ?? builtinRole(ref)?.name;
  if (!name) {
    throw forbidden('The role this workflow runs as no longer exists; choose another in its runAs setting.', {
      field: 'runAs',
    });
  }
  return loadRolePermissions(db, snapshot, name);
}

/**
 * The rights a run's steps have: those of the role its version runs as (`runAs`, a role id as
 * stored, or a name in a dry run of an unsaved definition); undefined when it names none (admin).
 */
export function runAsRights(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  runAs: string | null | undefined,
): Promise<RolePermissions | undefined> {
  if (!runAs) return Promise.resolve(undefined);
  const bySnapshot = cache.get(snapshot) ?? new Map<string, Promise<RolePermissions>>();
  cache.set(snapshot, bySnapshot);
  let rights = bySnapshot.get(runAs);
  if (!rights) {
    rights = load(db, snapshot, runAs);
    bySnapshot.set(runAs, rights);
    rights.catch(() => bySnapshot.delete(runAs));
  }
  return rights;
}

/**
 * A refusal of the run's role, said so in the run log: the role, the code and what was refused
 * (`Role "sales" was refused (FORBIDDEN, field data.salary): ...`). Other errors pass unchanged.
 */
export function refusedForRole(error: unknown, role: string): unknown {
  if (!isRelataError(error) || error.code !== ErrorCode.FORBIDDEN) return error;
  const what = ['field', 'object'].flatMap((key) =>
    typeof error.details[key] === 'string' ? [`${key} ${error.details[key]}`] : [],
  );
  const at = ['FORBIDDEN', ...what].join(', ');
  return forbidden(`Role "${role}" was refused (${at}): ${error.message}`, { ...error.details, role });
}

/** Whether a step failed because the run's role lacks a right (see `refusedForRole`). */
export const isRoleRefusal = (error: unknown): boolean =>
  isRelataError(error) && error.code === ErrorCode.FORBIDDEN && typeof error.details.role === 'string';
