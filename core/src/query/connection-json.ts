import type { ObjectMetadata } from '../metadata';
import type { CompileContext } from './compile-context';
import { decodeCursor } from './cursor';
import { whereClause } from './filter-sql';
import { jsonObject } from './json-sql';
import { afterCursorSql, cursorSql, type OrderKey, orderBySql, orderKeys, reverseKeys } from './order-sql';
import { type PageArgs, pageSize } from './page-args';
import { recordJson } from './record-json';
import { fieldObjectType, type SelectedField, selectFields } from './selection';

/** Rows a connection reads: `from(alias)` is a FROM clause, `condition(alias)` ties it to the parent row. */
export interface RowSource {
  from: (alias: string) => string;
  condition?: (alias: string) => string;
}

const N = '"__n"';
/** Connection fields that never read the page's extra row (only pageInfo's flags and cursors do). */
const PAGE_FREE = new Set(['totalCount', 'nodes', 'edges']);

/**
 * The JSON of a connection field (`edges`, `nodes`, `pageInfo`, `totalCount` under their response
 * keys) as one scalar subquery: a keyset page aggregated with json_agg; with `pageInfo`, `size + 1`
 * rows (the extra row answers hasNextPage) numbered by `__n`, otherwise just `size` rows. totalCount
 * and the far-side page flag are separate subqueries, only present when selected.
 */
export function connectionJson(
  ctx: CompileContext,
  object: ObjectMetadata,
  field: SelectedField,
  source: RowSource,
  parentRows: number,
): string {
  const args = field.args as PageArgs;
  const { size, backward } = pageSize(args, ctx.limits);
  const rows = parentRows * Math.max(size, 1);
  ctx.addCost(rows);
  const keys = orderKeys(ctx, object, args.orderBy);
  const a = ctx.alias();

  const base = [source.condition?.(a), whereClause(ctx, 'filter', object, a, args.filter)].filter(Boolean) as string[];
  const after = args.after ? decodeCursor('after', args.after, keys.length) : null;
  const before = args.before ? decodeCursor('before', args.before, keys.length) : null;
  // Built only when a page is read: its cursor values are parameters, and a statement must not
  // carry parameters its text never uses (totalCount alone ignores the cursors).
  const page = () => [
    ...base,
    ...(after ? [afterCursorSql(ctx, a, keys, after)] : []),
    ...(before ? [afterCursorSql(ctx, a, reverseKeys(keys), before)] : []),
  ];
  const where = (conditions: string[]) => (conditions.length > 0 ? ` where ${conditions.join(' and ')}` : '');

  // Rows on the far side of the cursor we started from (the cursor row included): the other page flag.
  const beyond = (values: (string | null)[] | null, beyondKeys: OrderKey[]) => {
    if (!values) return 'false';
    const id = ctx.params.add(values[values.length - 1]);
    const condition = `(${afterCursorSql(ctx, a, beyondKeys, values)} or ${a}."id" = ${id}::uuid)`;
    return `exists (select 1 from ${source.from(a)}${where([...base, condition])})`;
  };

  const connectionType = fieldObjectType(field);
  const selected = selectFields(ctx, connectionType, field.nodes);
  // Without pageInfo nothing reads the extra row or the numbering: the page is `size` rows and
  // the aggregate orders them by the sort keys (a presorted input on PostgreSQL 16+), which
  // spares a window function and the numbered sort on every page (50 of them in the board query).
  const numbered = selected.some((s) => !PAGE_FREE.has(s.name)) || keys.some((k) => k.read);
  const order = numbered ? `${a}.${N} ${backward ? 'desc' : 'asc'}` : orderBySql(a, keys);
  const kept = numbered ? ` filter (where ${a}.${N} <= ${size})` : '';
  const list = (expr: string) => `coalesce(json_agg(${expr} order by ${order})${kept}, '[]'::json)`;
  // Built where used: a computed sort key (a roll-up) carries parameters its text must use.
  const cursor = () => cursorSql(a, keys);
  const node = (nodeField: SelectedField) =>
    recordJson(ctx, object, fieldObjectType(nodeField), nodeField.nodes, a, rows);

  let needsPage = false;
  const pairs: [string, string][] = selected.map((s): [string, string] => {
    switch (s.name) {
      case 'totalCount':
        return [s.key, `(select count(*) from ${source.from(a)}${where(base)})`];
      case 'nodes':
        needsPage = true;
        return [s.key, list(node(s))];
      case 'edges': {
        needsPage = true;
        const edge = selectFields(ctx, fieldObjectType(s), s.nodes).map((e): [string, string] => [
          e.key,
          e.name === 'cursor' ? cursor() : node(e),
        ]);
        return [s.key, list(jsonObject(edge))];
      }
      default: {
        needsPage = true;
        const info = selectFields(ctx, fieldObjectType(s), s.nodes).map((p): [string, string] => {
          const more = `count(*) > ${size}`;
          switch (p.name) {
            case 'hasNextPage':
              return [p.key, backward ? beyond(before, keys) : more];
            case 'hasPreviousPage':
              return [p.key, backward ? more : beyond(after, reverseKeys(keys))];
            case 'startCursor':
              return [p.key, `(array_agg(${cursor()} order by ${order}) ${kept})[1]`];
            default:
              return [p.key, `(array_agg(${cursor()} order by ${a}.${N} ${backward ? 'asc' : 'desc'}) ${kept})[1]`];
          }
        });
        return [s.key, jsonObject(info)];
      }
    }
  });

  const json = jsonObject(pairs);
  if (!needsPage) return `(select ${json})`;
  const fetchKeys = backward ? reverseKeys(keys) : keys;
  const from = `${source.from(a)}${where(page())}`;
  // The page size is inlined, not bound: it is a GraphQL Int checked by pageSize(), and a literal
  // LIMIT lets the planner pick a top-N plan (an index walk) instead of a generic one.
  const rowsSql = numbered
    ? pageSql(a, fetchKeys, from, size + 1)
    : `select ${a}.* from ${from} order by ${orderBySql(a, fetchKeys)} limit ${size}`;
  return `(select ${json} from (${rowsSql}) ${a})`;
}

/**
 * The page's rows numbered by `__n`. Where a sort key is computed (a roll-up, a formula), the rows
 * are numbered once the page is cut, by the key values the cut computed (`__k<i>`): a window over
 * the whole filtered set made PostgreSQL sort all of it instead of keeping the top rows, and
 * numbering by the expressions again evaluated them twice.
 */
function pageSql(a: string, keys: OrderKey[], from: string, limit: number): string {
  if (!keys.some((k) => k.read)) {
    const order = orderBySql(a, keys);
    return `select ${a}.*, row_number() over (order by ${order}) as ${N} from ${from} order by ${order} limit ${limit}`;
  }
  const reads = keys.map((k) => (k.read ? k.read(a) : null));
  const computed = keys.flatMap((_, i) => (reads[i] ? [`${reads[i]} as "__k${i}"`] : []));
  const cut = keys.map((k, i) => (reads[i] ? { ...k, read: () => reads[i]! } : k));
  const numbered = keys.map((k, i): OrderKey => (reads[i] ? { ...k, read: undefined, column: `__k${i}` } : k));
  const page = `select ${a}.*, ${computed.join(', ')} from ${from} order by ${orderBySql(a, cut)} limit ${limit}`;
  return `select ${a}.*, row_number() over (order by ${orderBySql(a, numbered)}) as ${N} from (${page}) ${a}`;
}
