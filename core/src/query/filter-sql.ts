import { quoteIdent } from '../db';
import { badInput } from '../errors';
import type { FieldMetadata, ObjectMetadata, RelationEdge } from '../metadata';
import { requireReadable } from './access-rules';
import { activityScopePredicate } from './activity-scope';
import { columnRead, shownColumn } from './column-sql';
import type { CompileContext } from './compile-context';
import { computedSql } from './computed-sql';
import { castType, type FieldAccess, objectFields } from './object-fields';
import { scopePredicate } from './scope-sql';
import { checkUuid } from './uuid-input';

/** A filter as GraphQL coerced it: `{ and, or, not, <field>: {...} }`. */
export type FilterInput = Record<string, unknown>;

const MAX_PATTERN_LENGTH = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes LIKE wildcards so `startsWith` matches the value literally. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function pattern(field: string, value: unknown): string {
  if (typeof value !== 'string') throw badInput(field, `${field} needs a string pattern.`);
  if (value.length > MAX_PATTERN_LENGTH) throw badInput(field, `${field} pattern is too long; shorten it.`);
  return value;
}

/**
 * A LIKE pattern as given. An odd run of trailing backslashes escapes nothing; PostgreSQL fails
 * on it only for the rows it happens to evaluate, so it is refused before any row is read.
 */
function likePattern(field: string, value: unknown): string {
  const checked = pattern(field, value);
  if (/(^|[^\\])(\\\\)*\\$/.test(checked)) {
    throw badInput(field, `${field} ends with a lone backslash; write \\\\ for a literal one.`);
  }
  return checked;
}

/** SQL for one `{ eq, neq, in, ... }` operator object applied to a column expression. */
function compileOperators(ctx: CompileContext, path: string, expr: string, sqlType: string, ops: unknown): string[] {
  if (!isRecord(ops)) return [];
  const cast = castType(sqlType);
  const param = (value: unknown) => `${ctx.params.add(value)}::${cast}`;
  const arrayParam = (value: unknown) => `${ctx.params.add(value)}::${cast.replace(/\[\]$/, '')}[]`;
  const parts: string[] = [];
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined) continue;
    const at = `${path}.${op}`;
    if (value === null && op !== 'eq' && op !== 'neq') continue;
    if (cast === 'uuid' && op !== 'isNull') checkUuid(at, value);
    switch (op) {
      case 'eq':
        parts.push(value === null ? `${expr} is null` : `${expr} = ${param(value)}`);
        break;
      case 'neq':
        parts.push(value === null ? `${expr} is not null` : `${expr} is distinct from ${param(value)}`);
        break;
      case 'in':
        parts.push(`${expr} = any(${arrayParam(value)})`);
        break;
      case 'notIn':
        parts.push(`(${expr} is null or ${expr} <> all(${arrayParam(value)}))`);
        break;
      case 'gt':
        parts.push(`${expr} > ${param(value)}`);
        break;
      case 'gte':
        parts.push(`${expr} >= ${param(value)}`);
        break;
      case 'lt':
        parts.push(`${expr} < ${param(value)}`);
        break;
      case 'lte':
        parts.push(`${expr} <= ${param(value)}`);
        break;
      case 'like':
        parts.push(`${expr} like ${ctx.params.add(likePattern(at, value))}`);
        break;
      case 'ilike':
        parts.push(`${expr} ilike ${ctx.params.add(likePattern(at, value))}`);
        break;
      case 'startsWith':
        parts.push(`${expr} like ${ctx.params.add(`${likeLiteral(pattern(at, value))}%`)}`);
        break;
      case 'isNull':
        parts.push(value ? `${expr} is null` : `${expr} is not null`);
        break;
      case 'containsAny':
        parts.push(`${expr} && ${arrayParam(value)}`);
        break;
      case 'containsAll':
        parts.push(`${expr} @> ${arrayParam(value)}`);
        break;
      default:
        throw badInput(at, `Unknown filter operator ${op}.`);
    }
  }
  return parts;
}

/** `exists (...)` for a relation filter: the related record (some related record, for to-many) matches. */
function compileRelation(
  ctx: CompileContext,
  path: string,
  alias: string,
  edge: RelationEdge,
  filter: unknown,
): string | null {
  if (!isRecord(filter)) return null;
  const target = edge.to;
  const inner = ctx.alias();
  const where = whereClause(ctx, path, target, inner, filter);
  const conditions = where ? [where] : [];
  if (edge.kind === 'MANY_TO_ONE') {
    conditions.unshift(`${inner}."id" = ${alias}.${quoteIdent(edge.fkColumn ?? '')}`);
    return `exists (select 1 from ${ctx.table(target)} ${inner} where ${conditions.join(' and ')})`;
  }
  if (edge.kind === 'ONE_TO_MANY') {
    conditions.unshift(`${inner}.${quoteIdent(edge.fkColumn ?? '')} = ${alias}."id"`);
    return `exists (select 1 from ${ctx.table(target)} ${inner} where ${conditions.join(' and ')})`;
  }
  const junction = edge.junction;
  if (!junction) return null;
  const link = ctx.alias();
  conditions.unshift(`${link}.${quoteIdent(junction.fromColumn)} = ${alias}."id"`);
  return `exists (select 1 from ${ctx.junction(junction.table)} ${link} join ${ctx.table(target)} ${inner} on ${inner}."id" = ${link}.${quoteIdent(junction.toColumn)} where ${conditions.join(' and ')})`;
}

function compileField(
  ctx: CompileContext,
  path: string,
  object: ObjectMetadata,
  alias: string,
  access: FieldAccess,
  value: unknown,
): string[] {
  switch (access.kind) {
    case 'column': {
      // Compared as the reader reads it: a relation's id out of its scope is null, and with hidden
      // fields the version and update time are the shown ones.
      const read = columnRead(alias, access.column, shownColumn(ctx, object, access));
      const column = readableRelationId(ctx, path, access.field, read);
      return compileOperators(ctx, path, column, access.sqlType, value);
    }
    case 'composite': {
      if (!isRecord(value)) return [];
      return Object.entries(value).flatMap(([part, ops]) => {
        const column = access.parts[part];
        if (!column) throw badInput(`${path}.${part}`, `${access.name} has no part ${part}.`);
        return compileOperators(ctx, `${path}.${part}`, `${alias}.${quoteIdent(column.column)}`, column.sqlType, ops);
      });
    }
    case 'relation': {
      const sql = compileRelation(ctx, path, alias, access.edge, value);
      return sql ? [sql] : [];
    }
    case 'computed':
      return compileOperators(ctx, path, computedSql(ctx, object, access.field, alias), access.sqlType, value);
  }
}

/** Conditions of a filter (without the soft-delete rule); null when it restricts nothing. */
export function compileFilter(
  ctx: CompileContext,
  path: string,
  object: ObjectMetadata,
  alias: string,
  filter: FilterInput | null | undefined,
): string | null {
  if (!filter) return null;
  const fields = objectFields(ctx.snapshot, object);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw badInput(at, `${key} takes a list of filters.`);
      const inner = value
        .map((item, i) => compileFilter(ctx, `${at}.${i}`, object, alias, isRecord(item) ? item : null) ?? 'true')
        .map((sql) => `(${sql})`);
      if (inner.length > 0) parts.push(`(${inner.join(key === 'and' ? ' and ' : ' or ')})`);
      else if (key === 'or') parts.push('false');
      continue;
    }
    if (key === 'not') {
      const inner = compileFilter(ctx, at, object, alias, isRecord(value) ? value : null);
      // coalesce: a NULL comparison inside `not` must not hide the row twice.
      if (inner) parts.push(`not coalesce((${inner}), false)`);
      continue;
    }
    const access = fields.get(key);
    if (!access) throw badInput(at, `${object.nameSingular} has no field ${key} to filter on.`);
    if (!ctx.trusted) requireReadable(ctx.access.permissions, object, access, at);
    parts.push(...compileField(ctx, at, object, alias, access, value));
  }
  return parts.length > 0 ? parts.join(' and ') : null;
}

/** True when the filter (at this object's level) mentions `deletedAt`, which opts into soft-deleted rows. */
export function mentionsDeletedAt(filter: FilterInput | null | undefined): boolean {
  if (!filter) return false;
  if (filter.deletedAt !== undefined && filter.deletedAt !== null) return true;
  const nested = [...(Array.isArray(filter.and) ? filter.and : []), ...(Array.isArray(filter.or) ? filter.or : [])];
  if (isRecord(filter.not)) nested.push(filter.not);
  return nested.some((item) => isRecord(item) && mentionsDeletedAt(item));
}

/** The full WHERE condition for rows of `object`: the filter, the soft-delete rule and the role's record scope. */
export function whereClause(
  ctx: CompileContext,
  path: string,
  object: ObjectMetadata,
  alias: string,
  filter: FilterInput | null | undefined,
  options: { includeDeleted?: boolean } = {},
): string | null {
  const parts: string[] = [];
  if (!options.includeDeleted && !mentionsDeletedAt(filter)) parts.push(`${alias}."deleted_at" is null`);
  const scope = scopePredicate(ctx, object, alias);
  if (scope) parts.push(scope);
  const linked = activityScopePredicate(ctx, object, alias);
  if (linked) parts.push(linked);
  const compiled = compileFilter(ctx, path, object, alias, filter);
  if (compiled) parts.push(compiled);
  return parts.length > 0 ? parts.join(' and ') : null;
}

/**
 * The target object of a many-to-one relation field when the reader's role sees only some of its
 * records (a record scope): then the id is read through that scope. Null for other fields,
 * unrestricted roles and scope `all`, where every linked id is readable as stored.
 */
export function scopedRelationTarget(ctx: CompileContext, field: FieldMetadata | null): ObjectMetadata | null {
  if (field?.type !== 'RELATION') return null;
  const name = field.settings.relation?.target;
  const target = name ? ctx.snapshot.objects.find((o) => o.nameSingular === name) : undefined;
  return target && seesOnlySome(ctx, target) ? target : null;
}

/** Whether the reader's role sees only some records of `object` (a record scope other than all). */
export function seesOnlySome(ctx: CompileContext, object: ObjectMetadata): boolean {
  const permissions = ctx.access.permissions;
  return !permissions.unrestricted && (permissions.objects.get(object.nameSingular)?.scope ?? 'all') !== 'all';
}

/**
 * `column` (the stored id of `field`'s many-to-one relation) as the reader may read it: through
 * the target's soft-delete rule and record scope, so a record outside them reads as null. Reads,
 * filters and groups all use it, so none of them tells which record outside the scope is linked.
 */
export function readableRelationId(
  ctx: CompileContext,
  path: string,
  field: FieldMetadata | null,
  column: string,
): string {
  const target = scopedRelationTarget(ctx, field);
  if (!target) return column;
  const inner = ctx.alias();
  const where = whereClause(ctx, path, target, inner, null);
  return `(select ${inner}."id" from ${ctx.table(target)} ${inner} where ${inner}."id" = ${column} and ${where})`;
}
