import type { SqlExecutor } from '../../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import { analyticSql, type CompileAccess, type FilterInput } from '../../query';
import type { AnalysisInput } from './analysis-input';
import { type BasketPair, basketSql } from './basket-sql';
import { type Cohort, cohortSql } from './cohort-sql';
import { type ForecastMonth, forecastSql } from './forecast-sql';
import { type FunnelStep, historyFunnelSql } from './history-funnel-sql';

/** An analytical widget's numbers, by kind. */
export type AnalysisResult =
  | { kind: 'HISTORY_FUNNEL'; steps: FunnelStep[] }
  | { kind: 'COHORT'; months: number; cohorts: Cohort[] }
  | { kind: 'BASKET'; pairs: BasketPair[] }
  | { kind: 'FORECAST'; months: ForecastMonth[] };

/**
 * Runs one analytical widget over `object` as `access` (the viewer: its record scopes, hidden
 * fields and soft deletes apply through the query compiler's pieces). One statement.
 * `filter` narrows the forecast's records (the widget's filter and segments); other kinds read all
 * the viewer reads. @throws FORBIDDEN when it names what the viewer cannot read
 */
export async function runAnalysis(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  access: CompileAccess,
  object: ObjectMetadata,
  input: AnalysisInput,
  filter: FilterInput | null,
): Promise<AnalysisResult> {
  const sql = analyticSql(snapshot, access);
  switch (input.kind) {
    case 'HISTORY_FUNNEL': {
      const q = historyFunnelSql(sql, snapshot, object, input.field, input.sinceDays);
      const { rows } = await db.query<Parameters<typeof q.steps>[0][number]>(q.text, q.params);
      return { kind: input.kind, steps: q.steps(rows) };
    }
    case 'COHORT': {
      const related = snapshot.objects.find((o) => o.nameSingular === input.related.object);
      if (!related) throw new Error(`object ${input.related.object} is not in the snapshot`);
      const q = cohortSql(sql, object, related, input.related.relation, input.related.date, input.months);
      const { rows } = await db.query<Parameters<typeof q.cohorts>[0][number]>(q.text, q.params);
      return { kind: input.kind, months: input.months, cohorts: q.cohorts(rows) };
    }
    case 'BASKET': {
      const q = basketSql(sql, snapshot, access.permissions, object, input.order, input.product, input.top);
      const { rows } = await db.query<Parameters<typeof q.pairs>[0][number]>(q.text, q.params);
      return { kind: input.kind, pairs: q.pairs(rows) };
    }
    case 'FORECAST': {
      const q = forecastSql(sql, object, input, filter);
      const { rows } = await db.query<ForecastMonth>(q.text, q.params);
      return { kind: input.kind, months: rows };
    }
  }
}
