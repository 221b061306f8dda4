import type { ObjectMetadata } from '../metadata';
import type { AnalyticSql, FilterInput } from '../query';
import type { WidgetInput } from './dashboard-input';

/** One aggregate a widget needs (a KPI with a comparison needs two): its definition over `object`, narrowed by `filter`. */
export interface WidgetAggregate {
  object: ObjectMetadata;
  definition: WidgetInput;
  filter: FilterInput | null;
}

/** An aggregate's pieces in the batch statement, all over its object's row alias. */
interface AggregatePieces {
  /** The group key and its JSON form (dates as the API's Date / DateTime scalars print them); null when ungrouped. */
  key: { sql: string; json: (column: string) => string } | null;
  /** The rows it counts (soft delete and filter; the record scope is the statement's WHERE). */
  condition: string;
  /** Its measure without FILTER; null for COUNT (the row count is the value). */
  measure: string | null;
}

const keyJson = (type: string) => (column: string) =>
  type === 'DATE'
    ? `to_jsonb(to_char(${column}, 'YYYY-MM-DD'))`
    : type === 'DATE_TIME'
      ? `to_jsonb(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`
      : `to_jsonb(${column})`;

/**
 * The pieces of `aggregate` over row `alias` for the reader `sql` compiles for, as its data API
 * aggregate computes them (field rights, computed fields, buckets). @throws FORBIDDEN, BAD_USER_INPUT
 */
export function aggregatePieces(sql: AnalyticSql, alias: string, aggregate: WidgetAggregate): AggregatePieces {
  const { object, definition } = aggregate;
  sql.table(object, 'object');
  const group = definition.groupBy;
  const key = group ? sql.groupKey(object, alias, group.field, group.bucket, 'groupBy.field') : null;
  const fn = definition.measure.function;
  const measure =
    fn === 'COUNT'
      ? null
      : sql.measure(
          object,
          alias,
          fn.toLowerCase() as 'sum' | 'avg' | 'min' | 'max',
          definition.measure.field ?? '',
          'measure.field',
        );
  return {
    key: key && { sql: key.sql, json: keyJson(key.type) },
    condition: sql.matches(object, alias, aggregate.filter, 'filter'),
    measure,
  };
}

/**
 * One object's part of the batch: a single scan of its table under the reader's record scope,
 * grouped by every distinct key at once (grouping sets, `()` for ungrouped aggregates), each
 * aggregate counting only its rows (FILTER). Rows `(q, k, v)`: aggregate `q`'s groups that hold
 * rows (its single row when ungrouped), at most `maxRows` + 1 each, in key order.
 */
function objectPart(
  sql: AnalyticSql,
  object: ObjectMetadata,
  members: { q: number; aggregate: WidgetAggregate }[],
  maxRows: number,
): string {
  const a = sql.alias();
  const pieces = members.map((m) => ({ q: m.q, ...aggregatePieces(sql, a, m.aggregate) }));
  const keys = [...new Set(pieces.flatMap((p) => (p.key ? [p.key.sql] : [])))];
  const ungrouped = pieces.some((p) => !p.key);
  const all = (1 << keys.length) - 1;
  // grouping(k0..kn) sets the bit of every key a row is NOT grouped by, k0 the highest.
  const gidOf = (key: string | null) => (key === null ? all : all & ~(1 << (keys.length - 1 - keys.indexOf(key))));
  const columns = [
    keys.length > 0 ? `grouping(${keys.join(', ')}) as gid` : '0 as gid',
    ...keys.map((k, i) => `${k} as k${i}`),
    ...pieces.flatMap((p) => [
      `count(*) filter (where ${p.condition}) as n${p.q}`,
      ...(p.measure ? [`${p.measure} filter (where ${p.condition}) as v${p.q}`] : []),
    ]),
  ];
  const sets = [...keys.map((k) => `(${k})`), ...(ungrouped ? ['()'] : [])];
  const rows = pieces.map((p) => {
    const k = p.key ? p.key.json(`g.k${keys.indexOf(p.key.sql)}`) : 'null';
    const gid = gidOf(p.key?.sql ?? null);
    return `(${p.q}::int, ${gid}::int, ${!p.key}, (${k})::jsonb, g.n${p.q}::bigint, to_jsonb(g.${p.measure ? 'v' : 'n'}${p.q}))`;
  });
  const conditions = pieces.map((p) => `(${p.condition})`).join(' or ');
  return `select b.q, b.k, b.v from (
      select x.q, x.k, x.v, row_number() over (partition by x.q order by x.k nulls last) as rn
        from (select ${columns.join(', ')}
                from ${sql.table(object, 'object')} ${a}
               where ${sql.scope(object, a, 'object')} and (${conditions})
               group by grouping sets (${sets.join(', ')})) g
       cross join lateral (values ${rows.join(', ')}) x(q, gid, single, k, n, v)
       where g.gid = x.gid and (x.single or x.n > 0)
    ) b where b.rn <= ${maxRows + 1}`;
}

/**
 * ONE statement answering every aggregate of `aggregates` (index = `q`): one table scan per object
 * they read, `union all`. Answers rows `(q, k, v)`: key and value as JSON, in key order per `q`.
 */
export function widgetBatchSql(sql: AnalyticSql, aggregates: (WidgetAggregate | null)[], maxRows: number): string {
  const byObject = new Map<ObjectMetadata, { q: number; aggregate: WidgetAggregate }[]>();
  aggregates.forEach((aggregate, q) => {
    if (!aggregate) return;
    const members = byObject.get(aggregate.object) ?? [];
    members.push({ q, aggregate });
    byObject.set(aggregate.object, members);
  });
  const parts = [...byObject].map(([object, members]) => `(${objectPart(sql, object, members, maxRows)})`);
  return `${parts.join(' union all ')} order by 1, 2 nulls last`;
}
