import { indexSnapshot, type ObjectMetadata, type WorkspaceSnapshot } from '../../metadata';
import type { RolePermissions } from '../../permissions';
import { type AnalyticSql, canReadField } from '../../query';

export interface BasketPair {
  a: { id: string; label: string | null };
  b: { id: string; label: string | null };
  /** Orders holding both. */
  together: number;
  /** together / orders. */
  support: number;
  /** together / orders holding a (a → b). */
  confidence: number;
  /** together / orders holding b (b → a). */
  confidenceReverse: number;
  /** support / (support(a) × support(b)): above 1, bought together more than by chance. */
  lift: number;
}

/** The label of a product row `alias` as the reader reads it (null when its label field is hidden). */
function labelOf(sql: AnalyticSql, permissions: RolePermissions, product: ObjectMetadata | undefined, alias: string) {
  if (!product?.labelField || !canReadField(permissions, product, product.labelField)) return 'null';
  return `(${sql.value(product, alias, product.labelField, 'analysis.product')})::text`;
}

/**
 * Pairs of products bought together, from line items (`line`) with many-to-one relations to an
 * order and a product: support, confidence and lift, top `top` by orders together. Counts only
 * line items the reader reads, linking orders and products it reads. One statement.
 */
export function basketSql(
  sql: AnalyticSql,
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  line: ObjectMetadata,
  order: string,
  product: string,
  top: number,
) {
  const l = sql.alias();
  const o = sql.value(line, l, order, 'analysis.order');
  const p = sql.value(line, l, product, 'analysis.product');
  const productObject = indexSnapshot(snapshot).object(
    line.fields.find((f) => f.name === product)?.settings.relation?.target ?? '',
  );
  const pa = sql.alias();
  const pb = sql.alias();
  const label = (alias: string) => labelOf(sql, permissions, productObject, alias);
  const products = productObject ? sql.table(productObject, 'analysis.product') : null;
  const text = `with li as (
      select distinct ${o} as o, ${p} as p from ${sql.table(line, 'object')} ${l}
       where ${sql.rows(line, l, null, 'filter')} and ${o} is not null and ${p} is not null
    ), n as (select count(distinct o)::float as orders from li),
    single as (select p, count(*)::float as c from li group by p),
    pairs as (select x.p as a, y.p as b, count(*)::int as c from li x join li y on x.o = y.o and x.p < y.p group by 1, 2)
    select pairs.a, pairs.b, pairs.c as together, pairs.c / n.orders as support, pairs.c / sa.c as confidence,
           pairs.c / sb.c as confidence_reverse, (pairs.c * n.orders) / (sa.c * sb.c) as lift,
           ${products ? `(select ${label(pa)} from ${products} ${pa} where ${pa}."id" = pairs.a)` : 'null'} as a_label,
           ${products ? `(select ${label(pb)} from ${products} ${pb} where ${pb}."id" = pairs.b)` : 'null'} as b_label
      from pairs cross join n join single sa on sa.p = pairs.a join single sb on sb.p = pairs.b
     order by pairs.c desc, lift desc, pairs.a, pairs.b
     limit ${sql.param(top)}::int`;
  type Row = {
    a: string;
    b: string;
    together: number;
    support: number;
    confidence: number;
    confidence_reverse: number;
    lift: number;
    a_label: string | null;
    b_label: string | null;
  };
  const pairs = (rows: Row[]): BasketPair[] =>
    rows.map((r) => ({
      a: { id: r.a, label: r.a_label },
      b: { id: r.b, label: r.b_label },
      together: r.together,
      support: Number(r.support),
      confidence: Number(r.confidence),
      confidenceReverse: Number(r.confidence_reverse),
      lift: Number(r.lift),
    }));
  return { text, params: sql.params, pairs };
}
