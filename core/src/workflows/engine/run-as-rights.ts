import type { SqlExecutor } from '../../db';
import { ErrorCode, forbidden, isRelataError, RelataError } from '../../errors';
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

/** What a role refuses: a right it lacks, or a record outside its scope (answered as one that does not exist). */
const REFUSALS: ReadonlySet<ErrorCode> = new Set([ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND]);

/**
 * A refusal of the run's role, said so in the run log: the role, the code and what was refused
 * (`Role "sales" was refused (FORBIDDEN, field data.salary): ...`). A NOT_FOUND is one too: the
 * record service answers it for a record outside the role's scope, which no retry brings in
 * (and for a record that is gone, which no retry brings back). Other errors pass unchanged.
 */
export function refusedForRole(error: unknown, role: string): unknown {
  if (!isRelataError(error) || !REFUSALS.has(error.code)) return error;
  const what = ['field', 'object'].flatMap((key) =>
    typeof error.details[key] === 'string' ? [`${key} ${error.details[key]}`] : [],
  );
  const at = [error.code, ...what].join(', ');
  return new RelataError(error.code, `Role "${role}" was refused (${at}): ${error.message}`, {
    ...error.details,
    role,
  });
}

/** Whether a step failed because the run's role lacks a right or a record (see `refusedForRole`). */
export const isRoleRefusal = (error: unknown): boolean =>
  isRelataError(error) && REFUSALS.has(error.code) && typeof error.details.role === 'string';
