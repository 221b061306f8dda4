import { ACTIVITY_OBJECT_NAMES, type ObjectMetadata } from '../metadata';
import { ACTIVITY_TARGETS_TABLE } from '../workspace';
import { canReadObject } from './access-rules';
import type { CompileContext } from './compile-context';
import { scopePredicate } from './scope-sql';

/** Whether `object` is a standard activity (its records link to records of any object). */
export const isActivityObject = (object: ObjectMetadata): boolean => ACTIVITY_OBJECT_NAMES.has(object.nameSingular);

/**
 * For an activity object read by a restricted role: the activity links to nothing, or to one
 * record the role reads (its object readable, the record inside the role's record scope). Null
 * for other objects and unrestricted readers. Compiled into every read of activities (lists, get,
 * aggregates, search, subscriptions), so what a hidden record is linked to never shows.
 */
export function activityScopePredicate(ctx: CompileContext, object: ObjectMetadata, alias: string): string | null {
  if (ctx.trusted || !isActivityObject(object)) return null;
  const links = ctx.junction(ACTIVITY_TARGETS_TABLE);
  const linksOf = (l: string) => `${links} ${l} where ${l}."activity_id" = ${alias}."id"`;
  const everyRecord: string[] = [];
  const someRecords: string[] = [];
  for (const target of ctx.snapshot.objects) {
    if (isActivityObject(target) || !canReadObject(ctx.access.permissions, target)) continue;
    const r = ctx.alias();
    const scope = scopePredicate(ctx, target, r);
    if (scope === null) {
      everyRecord.push(target.id);
      continue;
    }
    const l = ctx.alias();
    someRecords.push(
      `exists (select 1 from ${linksOf(l)} and ${l}."target_object_id" = ${ctx.params.add(target.id)}::uuid` +
        ` and exists (select 1 from ${ctx.table(target)} ${r} where ${r}."id" = ${l}."target_id" and ${scope}))`,
    );
  }
  const none = ctx.alias();
  const alternatives = [`not exists (select 1 from ${linksOf(none)})`];
  if (everyRecord.length > 0) {
    const l = ctx.alias();
    alternatives.push(
      `exists (select 1 from ${linksOf(l)} and ${l}."target_object_id" = any(${ctx.params.add(everyRecord)}::uuid[]))`,
    );
  }
  return `(${[...alternatives, ...someRecords].join(' or ')})`;
}
