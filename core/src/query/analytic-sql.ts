import { quoteIdent } from '../db';
import { forbidden } from '../errors';
import { type FieldMetadata, fieldColumns, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import { canReadField, canReadObject } from './access-rules';
import { groupKeySql, measureSql } from './aggregate-sql';
import { type CompileAccess, CompileContext, DEFAULT_QUERY_LIMITS } from './compile-context';
import { valueRead } from './computed-sql';
import { compileFilter, type FilterInput, mentionsDeletedAt, readableRelationId, whereClause } from './filter-sql';

/**
 * The query compiler's pieces for an analytical statement (RFM scoring, cohorts, basket, funnel
 * from history): the caller writes the statement's shape, every row source and value comes from
 * here, so the reader's record scope, soft deletes and field rights apply as in any API read.
 */
export interface AnalyticSql {
  /** Binds `value`: its placeholder (`$n`). */
  param(value: unknown): string;
  readonly params: unknown[];
  /** A fresh table alias of this statement. */
  alias(): string;
  /** The object's table, schema-qualified and quoted. FORBIDDEN when the reader cannot read the object. */
  table(object: ObjectMetadata, path: string): string;
  /** Which rows of `object` (row `alias`) the reader reads: not deleted, in its record scope, matching `filter`. */
  rows(object: ObjectMetadata, alias: string, filter: FilterInput | null, path: string): string;
  /** `filter` alone over row `alias` (no scope, no soft delete): an admin's condition, for the system only. */
  condition(object: ObjectMetadata, alias: string, filter: FilterInput | null, path: string): string;
  /**
   * The value of field `name` (a standard field too) on row `alias` as the reader reads it: a
   * currency by its amount, a computed field by its SQL, a many-to-one relation by its linked id
   * (null when the linked record is out of the reader's scope). FORBIDDEN for a hidden field.
   */
  value(object: ObjectMetadata, alias: string, name: string, path: string): string;
  /** The reader's record scope alone over row `alias` (no soft delete, no filter): `rows` is `scope and matches`. */
  scope(object: ObjectMetadata, alias: string, path: string): string;
  /** `filter` over row `alias` as the reader's API compiles it, with the soft delete guard unless it names deletedAt. */
  matches(object: ObjectMetadata, alias: string, filter: FilterInput | null, path: string): string;
  /** The `groupBy` key of field `name` (dates cut into `bucket`) as the aggregate query computes it, and its type. */
  groupKey(
    object: ObjectMetadata,
    alias: string,
    name: string,
    bucket: string | null | undefined,
    path: string,
  ): { sql: string; type: string };
  /** `fn(field)` as the aggregate query computes it (FORBIDDEN for a hidden field, BAD_USER_INPUT when it does not apply). */
  measure(object: ObjectMetadata, alias: string, fn: 'sum' | 'avg' | 'min' | 'max', name: string, path: string): string;
}

const SYSTEM: CompileAccess = {
  permissions: { role: 'system', unrestricted: true, objects: new Map() },
  actorId: null,
};

/** An analytical statement's compiler for `access` (a viewer's), or for the system (`null`: unrestricted). */
export function analyticSql(snapshot: WorkspaceSnapshot, access: CompileAccess | null): AnalyticSql {
  const ctx = new CompileContext(
    snapshot,
    null,
    {},
    { sources: {}, coerced: {} },
    DEFAULT_QUERY_LIMITS,
    access ?? SYSTEM,
  );
  const permissions = ctx.access.permissions;
  const fieldOf = (object: ObjectMetadata, name: string): FieldMetadata | null =>
    object.fields.find((f) => f.name === name) ?? null;
  return {
    param: (value) => ctx.params.add(value),
    get params() {
      return ctx.params.values;
    },
    alias: () => ctx.alias(),
    table(object, path) {
      if (!canReadObject(permissions, object))
        throw forbidden(`Your role cannot read ${object.labelPlural}.`, { field: path });
      return ctx.table(object);
    },
    rows: (object, alias, filter, path) => whereClause(ctx, path, object, alias, filter) ?? 'true',
    condition(object, alias, filter, path) {
      if (!permissions.unrestricted) throw new Error('conditions without a record scope are the system’s only');
      return compileFilter(ctx, path, object, alias, filter) ?? 'true';
    },
    value(object, alias, name, path) {
      if (!canReadField(permissions, object, name))
        throw forbidden(`Your role cannot read ${object.nameSingular}.${name}.`, { field: path });
      const field = fieldOf(object, name);
      if (field?.type === 'RELATION') {
        const column = fieldColumns(field)[0];
        if (!column) throw forbidden(`${object.nameSingular}.${name} is not a many-to-one relation.`, { field: path });
        return readableRelationId(ctx, path, field, `${alias}.${quoteIdent(column.column)}`);
      }
      if (field?.type === 'CURRENCY') {
        const amount = fieldColumns(field).find((c) => c.part === 'amount');
        if (!amount) throw new Error(`${object.nameSingular}.${name} has no amount column`);
        return `${alias}.${quoteIdent(amount.column)}`;
      }
      return valueRead(ctx, object, alias, field, name);
    },
    scope: (object, alias, path) => whereClause(ctx, path, object, alias, null, { includeDeleted: true }) ?? 'true',
    matches(object, alias, filter, path) {
      const parts = mentionsDeletedAt(filter) ? [] : [`${alias}."deleted_at" is null`];
      const compiled = compileFilter(ctx, path, object, alias, filter);
      return [...parts, ...(compiled ? [compiled] : [])].join(' and ') || 'true';
    },
    groupKey: (object, alias, name, bucket, path) => groupKeySql(ctx, object, alias, name, bucket, path),
    measure: (object, alias, fn, name, path) => measureSql(ctx, object, alias, fn, name, path),
  };
}
