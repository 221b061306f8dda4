import { badInput } from '../errors';
import { indexSnapshot, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import { ACTIVITY_TARGETS_TABLE } from '../workspace';
import { canReadObject } from './access-rules';
import { isActivityObject } from './activity-scope';
import { type CompileAccess, CompileContext, DEFAULT_QUERY_LIMITS } from './compile-context';
import type { CompiledQuery } from './compile-root';
import { whereClause } from './filter-sql';
import { labelSql } from './search-sql';
import { checkUuid } from './uuid-input';

/** A record named by object and id, as links name their ends. */
export interface RecordRef {
  object: string;
  id: string;
}

const context = (snapshot: WorkspaceSnapshot, access: CompileAccess) =>
  new CompileContext(snapshot, null, {}, { sources: {}, coerced: {} }, DEFAULT_QUERY_LIMITS, access);

/**
 * The object `ref.object` names, readable by the role; BAD_USER_INPUT otherwise (an object the role
 * cannot read is answered like one that does not exist). `activity` says which kind it must be.
 */
export function linkEnd(
  snapshot: WorkspaceSnapshot,
  access: CompileAccess,
  ref: RecordRef,
  path: string,
  activity: boolean,
): ObjectMetadata {
  const object = indexSnapshot(snapshot).object(ref.object);
  if (!object || !canReadObject(access.permissions, object))
    throw badInput(`${path}.object`, `There is no object named ${ref.object}; use the objects' singular names.`);
  if (isActivityObject(object) !== activity) {
    throw badInput(
      `${path}.object`,
      activity
        ? `${object.labelPlural} are not activities (use note, task, call or meeting).`
        : 'Activities link to records of other objects, not to other activities.',
    );
  }
  checkUuid(`${path}.id`, ref.id);
  return object;
}

/**
 * The ids among `ids` of live records of `object` the role reads (soft-deleted ones excluded,
 * unless `includeDeleted`: a deletion's webhook checks the role's scope on the deleted record).
 */
export function compileReadableIds(
  snapshot: WorkspaceSnapshot,
  access: CompileAccess,
  object: ObjectMetadata,
  ids: readonly string[],
  options: { includeDeleted?: boolean } = {},
): CompiledQuery {
  const ctx = context(snapshot, access);
  const a = ctx.alias();
  const where = whereClause(ctx, 'id', object, a, null, options) ?? 'true';
  return {
    text: `select ${a}."id" from ${ctx.table(object)} ${a} where ${a}."id" = any(${ctx.params.add(ids)}::uuid[]) and ${where}`,
    params: ctx.params.values,
  };
}

/** `exists`: record `id` of `object` is live and readable by the compiling role. */
function readable(ctx: CompileContext, object: ObjectMetadata, id: string): string {
  const a = ctx.alias();
  const where = whereClause(ctx, 'id', object, a, null) ?? 'true';
  return `exists (select 1 from ${ctx.table(object)} ${a} where ${a}."id" = ${ctx.params.add(id)}::uuid and ${where})`;
}

/**
 * The activities linked to `target` that the role reads, newest link first, as rows
 * (`object`, `id`): none when the role cannot read `target` itself.
 */
export function compileLinkedActivitiesQuery(
  snapshot: WorkspaceSnapshot,
  access: CompileAccess,
  target: RecordRef,
): CompiledQuery {
  const targetObject = linkEnd(snapshot, access, target, 'target', false);
  const ctx = context(snapshot, access);
  const branches = snapshot.objects
    .filter((o) => isActivityObject(o) && canReadObject(access.permissions, o))
    .map((activity) => {
      const l = ctx.alias();
      const a = ctx.alias();
      const where = whereClause(ctx, 'activity', activity, a, null) ?? 'true';
      return `select ${ctx.params.add(activity.nameSingular)}::text as "object", ${a}."id", ${l}."created_at"
        from ${ctx.junction(ACTIVITY_TARGETS_TABLE)} ${l} join ${ctx.table(activity)} ${a} on ${a}."id" = ${l}."activity_id"
        where ${l}."target_object_id" = ${ctx.params.add(targetObject.id)}::uuid
          and ${l}."target_id" = ${ctx.params.add(target.id)}::uuid and ${where}`;
    });
  if (branches.length === 0)
    return { text: 'select null::text as "object", null::uuid as "id" where false', params: [] };
  const visible = readable(ctx, targetObject, target.id);
  return {
    text: `select "object", "id" from (${branches.join(' union all ')}) linked where ${visible} order by "created_at" desc, "id" desc`,
    params: ctx.params.values,
  };
}

/**
 * The records `activity` links to that the role reads, as rows (`object`, `id`, `label`), in the
 * order they were linked: none when the role cannot read the activity itself.
 */
export function compileActivityTargetsQuery(
  snapshot: WorkspaceSnapshot,
  access: CompileAccess,
  activity: RecordRef,
): CompiledQuery {
  const activityObject = linkEnd(snapshot, access, activity, 'activity', true);
  const ctx = context(snapshot, access);
  const branches = snapshot.objects
    .filter((o) => !isActivityObject(o) && canReadObject(access.permissions, o))
    .map((target) => {
      const l = ctx.alias();
      const r = ctx.alias();
      const where = whereClause(ctx, 'target', target, r, null) ?? 'true';
      return `select ${ctx.params.add(target.nameSingular)}::text as "object", ${r}."id", ${labelSql(ctx, target, r)} as "label", ${l}."created_at"
        from ${ctx.junction(ACTIVITY_TARGETS_TABLE)} ${l} join ${ctx.table(target)} ${r} on ${r}."id" = ${l}."target_id"
        where ${l}."activity_id" = ${ctx.params.add(activity.id)}::uuid
          and ${l}."target_object_id" = ${ctx.params.add(target.id)}::uuid and ${where}`;
    });
  if (branches.length === 0) {
    return { text: 'select null::text as "object", null::uuid as "id", null::text as "label" where false', params: [] };
  }
  const visible = readable(ctx, activityObject, activity.id);
  return {
    text: `select "object", "id", "label" from (${branches.join(' union all ')}) targets where ${visible} order by "created_at", "id"`,
    params: ctx.params.values,
  };
}
