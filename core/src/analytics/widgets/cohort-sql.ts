import type { ObjectMetadata } from '../../metadata';
import type { AnalyticSql } from '../../query';
import { monthSql } from './month-sql';

export interface Cohort {
  /** `YYYY-MM` (UTC) of the subjects' first related record. */
  cohort: string;
  size: number;
  /** Share of the cohort with a related record in month 0, 1, ... after it (month 0 is 1). */
  retention: number[];
}

/**
 * Cohorts of `subject` by the month of their first `related` record (only records and subjects the
 * reader reads; a link to a subject out of scope reads as none), and per later month the subjects
 * with a related record then. One statement; months beyond `months` are not counted.
 */
export function cohortSql(
  sql: AnalyticSql,
  subject: ObjectMetadata,
  related: ObjectMetadata,
  relation: string,
  date: string,
  months: number,
) {
  const r = sql.alias();
  const s = sql.alias();
  const fk = sql.value(related, r, relation, 'analysis.related.relation');
  const dateType = related.fields.find((f) => f.name === date)?.type;
  const month = monthSql(sql.value(related, r, date, 'analysis.related.date'), dateType);
  const text = `with m as (
      select ${fk} as sid, ${month} as m
        from ${sql.table(related, 'analysis.related.object')} ${r}
       where ${sql.rows(related, r, null, 'analysis.related')} and ${fk} is not null and ${month} is not null
    ), live as (
      select m.* from m where exists (
        select 1 from ${sql.table(subject, 'object')} ${s} where ${s}."id" = m.sid and ${sql.rows(subject, s, null, 'filter')})
    ), first as (select sid, min(m) as cohort from live group by sid),
    active as (
      select distinct f.cohort, f.sid,
             ((extract(year from l.m) - extract(year from f.cohort)) * 12 + extract(month from l.m) - extract(month from f.cohort))::int as k
        from live l join first f on f.sid = l.sid
    )
    select to_char(cohort, 'YYYY-MM') as cohort, k, count(*)::int as active
      from active where k <= ${sql.param(months)}::int
     group by cohort, k order by cohort, k`;
  const cohorts = (rows: { cohort: string; k: number; active: number }[]): Cohort[] => {
    const byCohort = new Map<string, number[]>();
    for (const row of rows) {
      const counts = byCohort.get(row.cohort) ?? new Array<number>(months + 1).fill(0);
      counts[row.k] = row.active;
      byCohort.set(row.cohort, counts);
    }
    return [...byCohort].map(([cohort, counts]) => {
      const size = counts[0] ?? 0;
      return { cohort, size, retention: counts.map((n) => (size === 0 ? 0 : n / size)) };
    });
  };
  return { text, params: sql.params, cohorts };
}
