import { qualify, quoteIdent, quoteLiteral } from '../db';
import { badInput } from '../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { CompileContext, DEFAULT_QUERY_LIMITS } from './compile-context';
import { type FilterInput, whereClause } from './filter-sql';
import { type FieldAccess, objectFields } from './object-fields';
import { COMPOSITE_SORT_PARTS, DIRECTIONS, type OrderDirection } from './order-sql';

/** One key of a declared index, as `orderBy` names it: an API field and its order. */
export interface IndexKeyInput {
  field: string;
  direction: OrderDirection;
  /**
   * Keys the lower-cased text (`lower(col)`), so a unique index refuses `Ann@X.com` beside
   * `ann@x.com` and `lower(col) = $1` lookups use it. Text-like fields only.
   */
  caseInsensitive?: boolean | null;
}

/** A key as an index row stores it: the field by id (or standard field name). */
export interface StoredIndexKey {
  field: string;
  direction: OrderDirection;
  caseInsensitive?: true;
}

/** An index declared on an object, in API terms (field names, a data API filter). */
export interface IndexDefinitionInput {
  keys: IndexKeyInput[];
  filter: FilterInput | null;
  unique: boolean;
}

/** What PostgreSQL is asked to build for a declared index. */
export interface CompiledIndex {
  /** `"col" desc nulls last, ...`: the key list, in the order and directions of `orderBy`. */
  columns: string;
  /** The key expressions without order (quoted columns, `lower(...)`): the duplicate check groups by them. */
  keyExpressions: string[];
  /** The partial-index predicate, values inlined as literals (PostgreSQL binds none in DDL). */
  predicate: string;
  /** Per key, the field it stands on: the field's id, or the standard field's API name. */
  fieldRefs: string[];
  /** The keys as the index row keeps them (fields by `fieldRefs`). */
  storedKeys: StoredIndexKey[];
}

/** Types whose text can be compared lower-cased. */
const CASE_FOLDABLE = new Set(['TEXT', 'EMAIL', 'URL', 'PHONE']);

/** Types whose columns a btree orders meaningfully. */
const UNINDEXABLE = new Set(['JSON', 'RICH_TEXT', 'MULTI_SELECT', 'ADDRESS']);

function keyColumns(access: FieldAccess | undefined, path: string, object: ObjectMetadata): string[] {
  // A formula or roll-up is computed by each query, so it has no column to index.
  const noColumn = !access || access.kind === 'relation' || access.kind === 'computed';
  if (noColumn || (access.field && UNINDEXABLE.has(access.field.type))) {
    const name = path.split('.').pop();
    throw badInput(path, `${object.nameSingular} cannot be indexed on ${name}; index fields that can be sorted by.`);
  }
  if (access.kind === 'column') return [access.column];
  // A composite key is the columns `orderBy` sorts it by, so the index serves that sort.
  return (COMPOSITE_SORT_PARTS[access.field.type] ?? []).flatMap((part) => {
    const column = access.parts[part]?.column;
    return column ? [column] : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Refuses filters on related records (an index predicate cannot hold a subquery) and on formulas
 * (they may read related records, and are computed when read).
 */
function refuseRelations(fields: Map<string, FieldAccess>, filter: unknown, path: string): void {
  if (!isRecord(filter)) return;
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) continue;
      for (const [i, item] of value.entries()) refuseRelations(fields, item, `${path}.${key}.${i}`);
    } else if (key === 'not') refuseRelations(fields, value, `${path}.not`);
    else if (fields.get(key)?.kind === 'relation') {
      throw badInput(`${path}.${key}`, `An index filter cannot look at related records; filter on ${key}Id instead.`);
    } else if (fields.get(key)?.kind === 'computed') {
      throw badInput(
        `${path}.${key}`,
        `An index filter cannot use the computed field ${key}; filter on its inputs instead.`,
      );
    }
  }
}

/** A bound value written as a SQL literal; the compiler's cast (`::type`) follows it. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `array[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return quoteLiteral(JSON.stringify(value));
  return quoteLiteral(String(value));
}

/**
 * Compiles a declared index of `object`: its keys as `orderBy` would sort them (composites by
 * their sort parts), and a predicate that is the same WHERE the data API runs for `filter`
 * (soft-deleted rows left out unless the filter names `deletedAt`), through the same compiler.
 * So a list filtered and sorted like the index reads it without touching other rows, and a
 * unique index holds among live records. BAD_USER_INPUT names the key or filter at `path`.
 */
export function compileIndex(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  definition: IndexDefinitionInput,
  path: string,
): CompiledIndex {
  const fields = objectFields(snapshot, object);
  const columns: string[] = [];
  const plain: string[] = [];
  const expressions: string[] = [];
  const fieldRefs = definition.keys.map((key, i) => {
    const at = `${path}.keys.${i}.field`;
    const access = fields.get(key.field);
    const direction = DIRECTIONS[key.direction];
    const folded = key.caseInsensitive === true;
    if (folded && !(access?.kind === 'column' && access.field && CASE_FOLDABLE.has(access.field.type)))
      throw badInput(`${path}.keys.${i}.caseInsensitive`, `${key.field} is not text; only text keys ignore case.`);
    for (const column of keyColumns(access, at, object)) {
      if (plain.includes(column)) throw badInput(at, `${key.field} is already a key of this index.`);
      plain.push(column);
      const expression = folded ? `lower(${quoteIdent(column)})` : quoteIdent(column);
      expressions.push(expression);
      columns.push(`${expression} ${direction.desc ? 'desc' : 'asc'} nulls ${direction.nullsFirst ? 'first' : 'last'}`);
    }
    return access?.kind !== 'relation' && access?.field ? access.field.id : key.field;
  });
  const storedKeys = fieldRefs.map((field, i): StoredIndexKey => {
    const { direction, caseInsensitive } = definition.keys[i]!;
    return caseInsensitive ? { field, direction, caseInsensitive: true } : { field, direction };
  });
  refuseRelations(fields, definition.filter, `${path}.filter`);
  const ctx = new CompileContext(snapshot, null, {}, { sources: {}, coerced: {} }, DEFAULT_QUERY_LIMITS, {
    permissions: { role: 'index', unrestricted: true, objects: new Map() },
    actorId: null,
  });
  // Columns qualified by the bare table name, which CREATE INDEX resolves (and stores unqualified).
  const where = whereClause(ctx, `${path}.filter`, object, quoteIdent(object.tableName), definition.filter) ?? 'true';
  const values = ctx.params.values;
  const predicate = where.replace(/\$(\d+)/g, (_match, n: string) => literal(values[Number(n) - 1]));
  return { columns: columns.join(', '), keyExpressions: expressions, predicate, fieldRefs, storedKeys };
}

/** `create [unique] index concurrently`: a large table stays writable while it builds. */
export function createIndexSql(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  indexName: string,
  index: CompiledIndex,
  unique: boolean,
  /** False inside a transaction (a bundle's apply), where PostgreSQL refuses a concurrent build. @default true */
  concurrently = true,
): string {
  const kind = unique ? 'unique index' : 'index';
  const table = qualify(snapshot.schemaName, object.tableName);
  return `create ${kind}${concurrently ? ' concurrently' : ''} ${quoteIdent(indexName)} on ${table} (${index.columns}) where ${index.predicate}`;
}

/**
 * Counts the groups of live rows a unique index would find twice (rows with a null key never
 * collide), so a build that would fail is refused before it starts.
 */
export function duplicateGroupsSql(snapshot: WorkspaceSnapshot, object: ObjectMetadata, index: CompiledIndex): string {
  const table = qualify(snapshot.schemaName, object.tableName);
  const keys = index.keyExpressions;
  const notNull = keys.map((k) => `${k} is not null`).join(' and ');
  return `select count(*)::int as count from (select 1 from ${table} where ${index.predicate} and ${notNull} group by ${keys.join(', ')} having count(*) > 1) d`;
}
