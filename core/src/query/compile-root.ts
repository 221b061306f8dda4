import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { aggregateQuery } from './aggregate-sql';
import { type CompileAccess, CompileContext, DEFAULT_QUERY_LIMITS, type QueryLimits } from './compile-context';
import { connectionJson } from './connection-json';
import { type FilterInput, whereClause } from './filter-sql';
import { jsonObject } from './json-sql';
import { recordJson } from './record-json';
import { searchQuery } from './search-sql';
import { fieldObjectType, type SelectedField, selectFields } from './selection';
import { checkUuid } from './uuid-input';

/** One SQL statement and its bound values. */
export interface CompiledQuery {
  text: string;
  params: unknown[];
  /** Set where the statement may return one row past its cap, which the caller must refuse. */
  maxRows?: number;
}

/** The part of a root field's resolve info the compiler reads (an operation compiler builds it without graphql-js). */
export type RootInfo = Pick<
  GraphQLResolveInfo,
  'schema' | 'fragments' | 'variableValues' | 'parentType' | 'fieldName' | 'fieldNodes'
> & { path: { key: string | number } };

/** What a root resolver hands the compiler: the workspace and the resolve info of its field. */
export interface RootInput {
  snapshot: WorkspaceSnapshot;
  info: RootInfo;
  limits?: QueryLimits;
  /** Whose rights apply. @default every right (admin), for core callers acting as the system */
  access?: CompileAccess;
}

const SYSTEM_ACCESS: CompileAccess = {
  permissions: { role: 'admin', unrestricted: true, objects: new Map() },
  actorId: null,
};

function start(input: RootInput): { ctx: CompileContext; field: SelectedField } {
  const { info } = input;
  const ctx = new CompileContext(
    input.snapshot,
    info.schema,
    info.fragments,
    info.variableValues,
    input.limits ?? DEFAULT_QUERY_LIMITS,
    input.access ?? SYSTEM_ACCESS,
  );
  const def = info.parentType.getFields()[info.fieldName];
  if (!def) throw new Error(`field ${info.fieldName} is not on ${info.parentType.name}`);
  const first = info.fieldNodes[0];
  const args = first ? ctx.argumentValues(def, first) : {};
  return { ctx, field: { key: String(info.path.key), name: info.fieldName, nodes: info.fieldNodes, def, args } };
}

const compiled = (ctx: CompileContext, text: string): CompiledQuery => ({ text, params: ctx.params.values });

/** `<objects>(filter, orderBy, first, after, last, before, deleted)`: the whole connection as one JSON value (`data`). */
export function compileConnectionQuery(input: RootInput, object: ObjectMetadata): CompiledQuery {
  const { ctx, field } = start(input);
  const json = connectionJson(ctx, object, recycleBinArgs(field), { from: (a) => `${ctx.table(object)} ${a}` }, 1);
  return compiled(ctx, `select ${json} as "data"`);
}

/**
 * `deleted: true` lists the recycle bin: only soft-deleted rows (a `deletedAt` condition, which
 * also lifts the default `deleted_at is null`), most recently deleted first unless `orderBy` is given.
 */
function recycleBinArgs(field: SelectedField): SelectedField {
  if (field.args.deleted !== true) return field;
  const filter = (field.args.filter ?? {}) as FilterInput;
  const and = [...(Array.isArray(filter.and) ? filter.and : []), { deletedAt: { isNull: false } }];
  const orderBy = Array.isArray(field.args.orderBy) && field.args.orderBy.length > 0 ? field.args.orderBy : null;
  return {
    ...field,
    args: { ...field.args, filter: { ...filter, and }, orderBy: orderBy ?? [{ deletedAt: 'DescNullsLast' }] },
  };
}

/**
 * Records by id, in the order of `ids`, as one JSON array (`data`) shaped by the selection of
 * the field being resolved (a record, or a list of records: get by id and mutation results).
 */
export function compileRecordsQuery(
  input: RootInput,
  object: ObjectMetadata,
  ids: string[],
  options: { includeDeleted?: boolean } = {},
): CompiledQuery {
  const { ctx, field } = start(input);
  checkUuid('id', ids);
  ctx.addCost(ids.length);
  const a = ctx.alias();
  const json = recordJson(ctx, object, fieldObjectType(field), field.nodes, a, ids.length);
  const list = `${ctx.params.add(ids)}::uuid[]`;
  const where = [`${a}."id" = any(${list})`, whereClause(ctx, 'filter', object, a, null, options)].filter(Boolean);
  return compiled(
    ctx,
    `select coalesce(json_agg(${json} order by array_position(${list}, ${a}."id")), '[]'::json) as "data" from ${ctx.table(object)} ${a} where ${where.join(' and ')}`,
  );
}

/** `<objects>Aggregate(filter, groupBy)`: one row (`row`) per group. */
export function compileAggregateQuery(input: RootInput, object: ObjectMetadata): CompiledQuery {
  const { ctx, field } = start(input);
  const { text, maxRows } = aggregateQuery(ctx, object, field);
  return { ...compiled(ctx, text), maxRows };
}

/** `search(query, objects, first)`: one row (`row`) per hit; null when the query has no words. */
export function compileSearchQuery(input: RootInput): CompiledQuery | null {
  const { ctx, field } = start(input);
  const text = searchQuery(ctx, field);
  return text ? compiled(ctx, text) : null;
}

/**
 * For a subscription's change payload: one row (`data`, the `record` selections under their
 * response keys) when record `id` exists and matches `filter`; no row otherwise.
 */
export function compileChangeQuery(
  input: RootInput,
  object: ObjectMetadata,
  id: string,
  filter: FilterInput | null,
  options: { includeDeleted?: boolean } = {},
): CompiledQuery {
  const { ctx, field } = start(input);
  checkUuid('id', id);
  ctx.addCost(1);
  const a = ctx.alias();
  const changeType: GraphQLObjectType = fieldObjectType(field);
  const pairs = selectFields(ctx, changeType, field.nodes)
    .filter((s) => s.name === 'record')
    .map((s): [string, string] => [s.key, recordJson(ctx, object, fieldObjectType(s), s.nodes, a, 1)]);
  const where = [`${a}."id" = ${ctx.params.add(id)}::uuid`, whereClause(ctx, 'filter', object, a, filter, options)];
  return compiled(
    ctx,
    `select ${jsonObject(pairs)} as "data" from ${ctx.table(object)} ${a} where ${where.filter(Boolean).join(' and ')}`,
  );
}
