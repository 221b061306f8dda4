import { badInput, forbidden } from '../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { objectPermission } from './access-rules';
import { type CompileAccess, CompileContext, DEFAULT_QUERY_LIMITS } from './compile-context';
import type { CompiledQuery } from './compile-root';
import { compileFilter, type FilterInput } from './filter-sql';

const USER_VARIABLE = '$user';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Replaces every `{ "$user": "id" }` in a record condition with the actor's id. */
export function bindConditionVariables(value: unknown, actorId: string | null, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => bindConditionVariables(v, actorId, `${path}.${i}`));
  if (!isRecord(value)) return value;
  if (USER_VARIABLE in value) {
    if (Object.keys(value).length !== 1 || value[USER_VARIABLE] !== 'id') {
      throw badInput(path, 'A user variable is written { "$user": "id" } (the only user property available).');
    }
    return actorId;
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, bindConditionVariables(v, actorId, `${path}.${k}`)]),
  );
}

/**
 * The role's record scope on `object` as a SQL predicate over `alias` (null: every record).
 * `own` compares `owner_id` with the actor; `condition` compiles the role's filter with the
 * same compiler as the API's, so the planner sees plain column predicates (no per-row calls).
 * FORBIDDEN when the role cannot read the object at all.
 */
export function scopePredicate(ctx: CompileContext, object: ObjectMetadata, alias: string): string | null {
  if (ctx.trusted) return null;
  const permission = objectPermission(ctx.access.permissions, object);
  if (!permission?.read)
    throw forbidden(`Your role cannot read ${object.labelPlural}.`, { object: object.nameSingular });
  if (permission.scope === 'all') return null;
  if (permission.scope === 'own') {
    return ctx.access.actorId === null ? 'false' : `${alias}."owner_id" = ${ctx.params.add(ctx.access.actorId)}::uuid`;
  }
  const condition = bindConditionVariables(permission.condition ?? {}, ctx.access.actorId, 'recordCondition');
  const sql = ctx.asTrusted(() => compileFilter(ctx, 'recordCondition', object, alias, condition as FilterInput));
  // Only ever ANDed into a WHERE (never under a user's `not`), where NULL already excludes the
  // row; left bare so the planner can use the columns' indexes.
  return sql ? `(${sql})` : null;
}

const detached = (snapshot: WorkspaceSnapshot, access: CompileAccess) =>
  new CompileContext(snapshot, null, {}, { sources: {}, coerced: {} }, DEFAULT_QUERY_LIMITS, access);

/**
 * `select 1 ... where <condition> limit 0`: checks a record condition before it is stored
 * (unknown fields and operators fail here; values that do not fit a column type fail when run).
 */
export function compileConditionProbe(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  condition: FilterInput,
  path: string,
): CompiledQuery {
  const ctx = detached(snapshot, {
    permissions: { role: 'probe', unrestricted: true, objects: new Map() },
    actorId: '00000000-0000-0000-0000-000000000000',
  });
  const bound = bindConditionVariables(condition, ctx.access.actorId, path) as FilterInput;
  const where = compileFilter(ctx, path, object, 't', bound) ?? 'true';
  return { text: `select 1 from ${ctx.table(object)} t where ${where} limit 0`, params: ctx.params.values };
}

/**
 * For writes: the ids among `ids` that lie in the role's record scope on `object`, as one
 * statement; null when the role's scope is every record (nothing to check).
 */
export function compileScopeCheck(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  actorId: string | null,
  object: ObjectMetadata,
  ids: readonly string[],
): CompiledQuery | null {
  const permission = objectPermission(permissions, object);
  if (permissions.unrestricted || !permission || permission.scope === 'all') return null;
  const ctx = detached(snapshot, {
    permissions: { ...permissions, objects: new Map([[object.nameSingular, { ...permission, read: true }]]) },
    actorId,
  });
  const predicate = scopePredicate(ctx, object, 't');
  return {
    text: `select t."id" from ${ctx.table(object)} t where t."id" = any(${ctx.params.add(ids)}::uuid[]) and ${predicate ?? 'true'}`,
    params: ctx.params.values,
  };
}
