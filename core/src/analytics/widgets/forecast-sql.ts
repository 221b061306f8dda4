import type { ObjectMetadata } from '../../metadata';
import type { AnalyticSql, FilterInput } from '../../query';
import { monthSql } from './month-sql';

export interface ForecastMonth {
  /** `YYYY-MM` of the close date (UTC). */
  month: string;
  /** Sum of amount × probability / 100. */
  weighted: number;
  /** Best case: the amounts of everything not lost (probability above 0). */
  best: number;
  /** Worst case: only what is won (probability 100). */
  worst: number;
}

/**
 * Weighted pipeline by close month over `object` (records the reader reads, matching `filter`):
 * weighted, best and worst case. One statement.
 */
export function forecastSql(
  sql: AnalyticSql,
  object: ObjectMetadata,
  fields: { amount: string; probability: string; closeDate: string },
  filter: FilterInput | null,
) {
  const t = sql.alias();
  const amount = `coalesce(${sql.value(object, t, fields.amount, 'analysis.amount')}, 0)`;
  const probability = `coalesce(${sql.value(object, t, fields.probability, 'analysis.probability')}, 0)`;
  const close = sql.value(object, t, fields.closeDate, 'analysis.closeDate');
  const type = object.fields.find((f) => f.name === fields.closeDate)?.type;
  const month = monthSql(close, type);
  const text = `select to_char(${month}, 'YYYY-MM') as month,
           coalesce(sum(${amount} * ${probability} / 100.0), 0)::float as weighted,
           coalesce(sum(${amount}) filter (where ${probability} > 0), 0)::float as best,
           coalesce(sum(${amount}) filter (where ${probability} >= 100), 0)::float as worst
      from ${sql.table(object, 'object')} ${t}
     where ${sql.rows(object, t, filter, 'filter')} and ${close} is not null
     group by 1 order by 1 limit 240`;
  return { text, params: sql.params };
}
