import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { type CompileAccess, CompileContext, DEFAULT_QUERY_LIMITS } from './compile-context';
import type { CompiledQuery } from './compile-root';
import { compileFilter, type FilterInput } from './filter-sql';
import { scopePredicate } from './scope-sql';

const UNRESTRICTED_ACCESS: CompileAccess = {
  permissions: { role: 'workflow', unrestricted: true, objects: new Map() },
  actorId: null,
};

const workflowContext = (snapshot: WorkspaceSnapshot, access: CompileAccess = UNRESTRICTED_ACCESS) =>
  new CompileContext(snapshot, null, {}, { sources: {}, coerced: {} }, DEFAULT_QUERY_LIMITS, access);

/**
 * `select id from <object> where id = any($ids) and <condition>`: which of the records match a
 * condition in the API's filter language (workflow trigger conditions), compiled by the same
 * compiler as the API's filters, with no role restriction (the condition is the admin's).
 */
export function compileConditionMatch(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  condition: FilterInput,
  ids: readonly string[],
  path: string,
): CompiledQuery {
  const ctx = workflowContext(snapshot);
  const where = compileFilter(ctx, path, object, 't', condition) ?? 'true';
  return {
    text: `select t."id" from ${ctx.table(object)} t where t."id" = any(${ctx.params.add(ids)}::uuid[]) and ${where}`,
    params: ctx.params.values,
  };
}

/**
 * `select * from <object> where not deleted and <condition> order by created_at limit n`: the
 * records a workflow's find step reads. With `access` (the role a workflow runs as) the role
 * must read the object and every field the condition names, and its record scope is ANDed in;
 * without, no role restriction.
 */
export function compileConditionSearch(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  condition: FilterInput | null,
  limit: number,
  path: string,
  access?: CompileAccess,
): CompiledQuery {
  const ctx = workflowContext(snapshot, access);
  const scope = scopePredicate(ctx, object, 't');
  const filter = compileFilter(ctx, path, object, 't', condition);
  const where = [filter, scope].filter((part): part is string => !!part).join(' and ') || 'true';
  return {
    text: `select t.* from ${ctx.table(object)} t where t."deleted_at" is null and ${where} order by t."created_at", t."id" limit ${ctx.params.add(limit)}::int`,
    params: ctx.params.values,
  };
}
