import { badInput } from '../errors';
import { indexSnapshot, type ObjectMetadata } from '../metadata';
import type { CompileContext } from './compile-context';
import { scopedRelationTarget, seesOnlySome, whereClause } from './filter-sql';
import { historyKeys } from './history-keys';
import { jsonObject } from './json-sql';
import { type PageArgs, pageSize } from './page-args';
import { fieldObjectType, type SelectedField, selectFields } from './selection';

const AUDIT_LOG = '"relata"."audit_log"';
const N = '"__n"';
const CURSOR = /^h:(\d{1,18})$/;

/** Audit `action` of row `l` as the API's `HistoryAction`. */
const actionSql = (l: string) =>
  `case ${l}.action when 'create' then 'CREATED' when 'update' then 'UPDATED' when 'delete' then 'DELETED' when 'restore' then 'RESTORED' when 'destroy' then 'DESTROYED' end`;

/** The audit row id inside a history cursor (`base64("h:<id>")`). */
function decodeHistoryCursor(cursor: string): string {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match?.[1]) {
    throw badInput('after', 'after is not a cursor of a history; use a cursor the same history returned.');
  }
  return match[1];
}

/**
 * Audit values of relation keys as the reader reads the relation: ids of linked records out of
 * its scope (many-to-one `<relation>Id`, many-to-many `<relation>Ids`) become null or leave the
 * list. Returns `value` as is when no relation of `object` points at a scoped object.
 */
function readableValue(ctx: CompileContext, object: ObjectMetadata, value: string): string {
  const cases: string[] = [];
  const inScope = (target: ObjectMetadata) => {
    const inner = ctx.alias();
    return { inner, from: `${ctx.table(target)} ${inner}`, where: whereClause(ctx, 'history', target, inner, null) };
  };
  for (const field of object.fields) {
    const target = scopedRelationTarget(ctx, field);
    if (!target || field.settings.relation?.kind === 'MANY_TO_MANY') continue;
    const { inner, from, where } = inScope(target);
    cases.push(
      `when k.key = ${ctx.params.add(`${field.name}Id`)} then to_jsonb((select ${inner}."id" from ${from} where ${inner}."id" = (${value} #>> '{}')::uuid and ${where}))`,
    );
  }
  for (const edge of indexSnapshot(ctx.snapshot).relations(object.nameSingular)) {
    if (!edge.owning || edge.kind !== 'MANY_TO_MANY' || !seesOnlySome(ctx, edge.to)) continue;
    const { inner, from, where } = inScope(edge.to);
    cases.push(
      `when k.key = ${ctx.params.add(`${edge.field.name}Ids`)} then (select coalesce(jsonb_agg(${inner}."id" order by ${inner}."id"), '[]'::jsonb) from ${from} where ${inner}."id" in (select e::uuid from jsonb_array_elements_text(${value}) as e) and ${where})`,
    );
  }
  return cases.length > 0 ? `(case ${cases.join(' ')} else ${value} end)` : value;
}

/**
 * `from ... where ...` over the changed keys `k` of the audit row `l` the role may read, with the
 * values it may read in `v` (before, after). Creates and destroys carry the whole record; keys
 * whose value is the same on both sides (null included) are left out there, and from updates when
 * the difference was only between records out of the reader's scope. `scoped`: some value is read
 * through a scope, so an update may have no readable change although it changed a readable key.
 */
function readableChanges(
  ctx: CompileContext,
  object: ObjectMetadata,
  l: string,
  keys: string,
): { from: string; scoped: boolean } {
  const rawBefore = `${l}."before" -> k.key`;
  const before = readableValue(ctx, object, rawBefore);
  const after = readableValue(ctx, object, `${l}."after" -> k.key`);
  const rawChanged = `coalesce(${rawBefore}, 'null') is distinct from coalesce(${l}."after" -> k.key, 'null')`;
  const readableChanged = `coalesce(v.before, 'null') is distinct from coalesce(v.after, 'null')`;
  const from = `from jsonb_object_keys(coalesce(${l}."after", ${l}."before")) as k(key)
    cross join lateral (select ${before} as before, ${after} as after) as v
    where k.key = any(${keys}) and (${l}.action = 'update' or ${rawChanged}) and ${readableChanged}`;
  return { from, scoped: before !== rawBefore };
}

/** `changes` of the audit row `l`: one `{ field, before, after }` per readable change. */
function changesJson(
  ctx: CompileContext,
  object: ObjectMetadata,
  field: SelectedField,
  l: string,
  keys: string,
): string {
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).map((s): [string, string] => {
    if (s.name === 'field') return [s.key, 'k.key'];
    return [s.key, s.name === 'before' ? 'v.before' : 'v.after'];
  });
  return `(select coalesce(json_agg(${jsonObject(pairs)} order by k.key), '[]'::json) ${readableChanges(ctx, object, l, keys).from})`;
}

function entryJson(ctx: CompileContext, object: ObjectMetadata, field: SelectedField, l: string, keys: string): string {
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).map((s): [string, string] => {
    switch (s.name) {
      case 'id':
        return [s.key, `${l}.id::text`];
      case 'action':
        return [s.key, actionSql(l)];
      case 'actorId':
        return [s.key, `${l}.actor_id`];
      case 'actorKind':
        return [s.key, `${l}.actor_kind`];
      case 'changes':
        return [s.key, changesJson(ctx, object, s, l, keys)];
      default:
        return [s.key, `${l}.${s.name === 'at' ? 'at' : 'via'}`];
    }
  });
  return jsonObject(pairs);
}

/**
 * The `history(first, after)` connection of the record row `parent` of `object`, as one
 * correlated scalar subquery on relata.audit_log (index audit_log_record_idx), newest first.
 * Entries are filtered before the page is cut: an update that changed only fields the role
 * cannot read is not in its history at all, and the changes of the others list only readable
 * fields. `parentRows` is how many records the statement may produce (for the cost estimate).
 */
export function historyJson(
  ctx: CompileContext,
  object: ObjectMetadata,
  field: SelectedField,
  parent: string,
  parentRows: number,
): string {
  const args = field.args as PageArgs;
  const { size } = pageSize({ first: args.first }, ctx.limits);
  ctx.addCost(parentRows * Math.max(size, 1));
  const keys = `${ctx.params.add(historyKeys(ctx.snapshot, ctx.access.permissions, object))}::text[]`;
  const l = ctx.alias();
  const base = [
    `${l}.workspace_id = ${ctx.params.add(ctx.snapshot.workspaceId)}::uuid`,
    `${l}.object_name = ${ctx.params.add(object.nameSingular)}`,
    `${l}.record_id = ${parent}."id"`,
    `(${l}.action <> 'update' or ${l}.changed_fields && ${keys})`,
  ];
  // An update whose readable keys changed only between records out of scope is no entry either.
  const changes = readableChanges(ctx, object, l, keys);
  if (changes.scoped) base.push(`(${l}.action <> 'update' or exists (select 1 ${changes.from}))`);
  const afterId = args.after ? decodeHistoryCursor(args.after) : null;
  // The cursor names an entry of this record's history; any other id matches no row at all.
  const cursorRow = (op: string) => {
    const c = ctx.alias();
    return `(${l}.at, ${l}.id) ${op} (select ${c}.at, ${c}.id from ${AUDIT_LOG} ${c} where ${c}.id = ${ctx.params.add(afterId)}::bigint and ${c}.workspace_id = ${l}.workspace_id and ${c}.record_id = ${l}.record_id)`;
  };
  const page = afterId ? [...base, cursorRow('<')] : base;

  const order = `${l}.${N}`;
  const kept = `filter (where ${order} <= ${size})`;
  const list = (expr: string) => `coalesce(json_agg(${expr} order by ${order}) ${kept}, '[]'::json)`;
  const cursor = `encode(convert_to('h:' || ${l}.id::text, 'UTF8'), 'base64')`;
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).map((s): [string, string] => {
    switch (s.name) {
      case 'nodes':
        return [s.key, list(entryJson(ctx, object, s, l, keys))];
      case 'edges': {
        const edge = selectFields(ctx, fieldObjectType(s), s.nodes).map((e): [string, string] => [
          e.key,
          e.name === 'cursor' ? cursor : entryJson(ctx, object, e, l, keys),
        ]);
        return [s.key, list(jsonObject(edge))];
      }
      default: {
        const info = selectFields(ctx, fieldObjectType(s), s.nodes).map((p): [string, string] => {
          switch (p.name) {
            case 'hasNextPage':
              return [p.key, `count(*) > ${size}`];
            case 'hasPreviousPage':
              return [
                p.key,
                afterId
                  ? `exists (select 1 from ${AUDIT_LOG} ${l} where ${[...base, cursorRow('>=')].join(' and ')})`
                  : 'false',
              ];
            case 'startCursor':
              return [p.key, `(array_agg(${cursor} order by ${order}) ${kept})[1]`];
            default:
              return [p.key, `(array_agg(${cursor} order by ${order} desc) ${kept})[1]`];
          }
        });
        return [s.key, jsonObject(info)];
      }
    }
  });
  // A literal LIMIT (a checked GraphQL Int) lets the planner walk the index top-N.
  const fetchOrder = `${l}.at desc, ${l}.id desc`;
  const pageSql = `select ${l}.*, row_number() over (order by ${fetchOrder}) as ${N} from ${AUDIT_LOG} ${l} where ${page.join(' and ')} order by ${fetchOrder} limit ${size + 1}`;
  return `(select ${jsonObject(pairs)} from (${pageSql}) ${l})`;
}
