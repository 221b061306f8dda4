import { quoteLiteral } from '../db';
import { badInput, forbidden, limitExceeded } from '../errors';
import type { ObjectMetadata } from '../metadata';
import {
  type AggregateColumn,
  aggregateCatalog,
  canReadColumn,
  DATE_BUCKETS,
  type DateBucket,
} from './aggregate-fields';
import { columnRead, shownColumn } from './column-sql';
import type { CompileContext } from './compile-context';
import { computedSql } from './computed-sql';
import { readableRelationId, whereClause } from './filter-sql';
import { jsonObject } from './json-sql';
import { fieldObjectType, type SelectedField, selectFields } from './selection';

/** How the aggregate reads `column` on the row `alias`: a column (or its shown twin) or a computed field. */
function columnValue(ctx: CompileContext, object: ObjectMetadata, alias: string, column: AggregateColumn): string {
  if (column.computed && column.field) return computedSql(ctx, object, column.field, alias);
  return columnRead(alias, column.column, shownColumn(ctx, object, column));
}

function groupExpression(
  ctx: CompileContext,
  object: ObjectMetadata,
  alias: string,
  column: AggregateColumn,
  bucket: unknown,
  path: string,
): string {
  const expr = readableRelationId(ctx, path, column.field, columnValue(ctx, object, alias, column));
  if (column.type !== 'DATE' && column.type !== 'DATE_TIME') return expr;
  const unit = typeof bucket === 'string' ? bucket : 'day';
  if (!DATE_BUCKETS.includes(unit as DateBucket))
    throw badInput(path, `Group dates by one of ${DATE_BUCKETS.join(', ')}.`);
  // Buckets of instants are cut in UTC so every client sees the same groups.
  return column.type === 'DATE'
    ? `date_trunc(${quoteLiteral(unit)}, ${expr})::date`
    : `date_trunc(${quoteLiteral(unit)}, ${expr}, 'UTC')`;
}

type ReadableColumn = (column: AggregateColumn, path: string) => AggregateColumn;

/** `column` when the reader's role reads it; FORBIDDEN naming where it was asked for otherwise. */
function readableIn(ctx: CompileContext, object: ObjectMetadata): ReadableColumn {
  return (column, path) => {
    if (canReadColumn(ctx.access.permissions, object, column)) return column;
    throw forbidden(`Your role cannot read ${object.nameSingular}.${column.name}; remove it from ${path}.`, {
      field: path,
    });
  };
}

/** The group key of `name` (a date in `bucket`) on row `alias`, as `groupBy` computes it for the reader. */
export function groupKeySql(
  ctx: CompileContext,
  object: ObjectMetadata,
  alias: string,
  name: string,
  bucket: unknown,
  path: string,
): { sql: string; type: AggregateColumn['type'] } {
  const column = aggregateCatalog(ctx.snapshot, object).groupable.find((c) => c.name === name);
  if (!column) throw badInput(path, `${object.nameSingular} cannot be grouped by ${name}.`);
  readableIn(ctx, object)(column, path);
  return { sql: groupExpression(ctx, object, alias, column, bucket ?? true, path), type: column.type };
}

const MEASURES = { sum: 'numeric', avg: 'numeric', min: 'ordered', max: 'ordered' } as const;

/** `fn(name)` over rows `alias` (no FILTER clause), as the aggregate query computes it for the reader. */
export function measureSql(
  ctx: CompileContext,
  object: ObjectMetadata,
  alias: string,
  fn: keyof typeof MEASURES,
  name: string,
  path: string,
): string {
  const column = aggregateCatalog(ctx.snapshot, object)[MEASURES[fn]].find((c) => c.name === name);
  if (!column) throw badInput(path, `${fn} does not apply to ${object.nameSingular}.${name}.`);
  return `${fn}(${columnValue(ctx, object, alias, readableIn(ctx, object)(column, path))})`;
}

/**
 * One `select ... group by` statement for `<objects>Aggregate(filter, groupBy)`: a JSON row per
 * group holding the selected `group`, `count`, `sum`, `avg`, `min`, `max` under their response keys.
 */
export function aggregateQuery(
  ctx: CompileContext,
  object: ObjectMetadata,
  field: SelectedField,
): { text: string; maxRows: number } {
  const catalog = aggregateCatalog(ctx.snapshot, object);
  const readable = readableIn(ctx, object);
  const a = ctx.alias();
  const groups = new Map<string, string>();
  const groupBy = Array.isArray(field.args.groupBy) ? (field.args.groupBy as Record<string, unknown>[]) : [];
  groupBy.forEach((entry, i) => {
    for (const [name, value] of Object.entries(entry ?? {})) {
      if (value == null || value === false) continue;
      const column = catalog.groupable.find((c) => c.name === name);
      if (!column) throw badInput(`groupBy.${i}.${name}`, `${object.nameSingular} cannot be grouped by ${name}.`);
      readable(column, `groupBy.${i}.${name}`);
      groups.set(name, groupExpression(ctx, object, a, column, value, `groupBy.${i}.${name}`));
    }
  });
  const functions: Record<string, { columns: AggregateColumn[]; sql: string }> = {
    sum: { columns: catalog.numeric, sql: 'sum' },
    avg: { columns: catalog.numeric, sql: 'avg' },
    min: { columns: catalog.ordered, sql: 'min' },
    max: { columns: catalog.ordered, sql: 'max' },
  };
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).map((s): [string, string] => {
    if (s.name === 'count') return [s.key, 'count(*)'];
    const parts = selectFields(ctx, fieldObjectType(s), s.nodes);
    if (s.name === 'group') return [s.key, jsonObject(parts.map((p) => [p.key, groups.get(p.name) ?? 'null']))];
    const fn = functions[s.name];
    if (!fn) throw new Error(`unknown aggregate ${s.name}`);
    return [
      s.key,
      jsonObject(
        parts.map((p): [string, string] => {
          const column = fn.columns.find((c) => c.name === p.name);
          if (!column) return [p.key, 'null'];
          const read = readable(column, `${s.key}.${p.key}`);
          return [p.key, `${fn.sql}(${columnValue(ctx, object, a, read)})`];
        }),
      ),
    ];
  });
  const where = whereClause(ctx, 'filter', object, a, field.args.filter as Record<string, unknown> | null);
  const keys = [...groups.values()];
  const grouping =
    keys.length > 0 ? ` group by ${keys.join(', ')} order by ${keys.map((k) => `${k} nulls last`).join(', ')}` : '';
  // A grouped aggregate returns rows like a page does: it costs the groups it may return, and
  // one group past the cap tells the caller that there were more (see `checkGroupCount`).
  const maxRows = keys.length > 0 ? ctx.limits.maxGroups : 1;
  ctx.addCost(maxRows);
  const text = `select ${jsonObject(pairs)} as "row" from ${ctx.table(object)} ${a}${where ? ` where ${where}` : ''}${grouping} limit ${maxRows + 1}`;
  return { text, maxRows };
}

/** Refuses the result of a grouped aggregate that found more groups than it may return. */
export function checkGroupCount(rows: number, maxRows: number): void {
  if (rows > maxRows) {
    throw limitExceeded(
      `An aggregate returns at most ${maxRows} groups; filter the records, or group by fewer or coarser fields (a longer date bucket).`,
    );
  }
}
