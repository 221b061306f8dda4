import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { PlannedChange } from './ddl-plan';

export interface CountedPlan {
  warnings: string[];
  /** Rows the change touches, summed over its counts; null when it touches none by design. */
  affectedRows: number | null;
}

/**
 * Runs a plan's row counts (the only step of planning that reads data). A `refuse` count
 * above zero stops the change with BAD_USER_INPUT naming the input and the count.
 */
export async function countPlan(db: SqlExecutor, plan: PlannedChange): Promise<CountedPlan> {
  const warnings = [...plan.warnings];
  let affectedRows: number | null = null;
  for (const check of plan.checks) {
    const { rows } = await db.query<{ count: number }>(check.sql, check.params);
    const count = Number(rows[0]?.count ?? 0);
    if (check.effect === 'refuse') {
      if (count > 0) throw badInput(check.field, check.message(count), { count });
      continue;
    }
    affectedRows = (affectedRows ?? 0) + count;
    if (check.effect === 'warn' && count > 0) warnings.push(check.message(count));
  }
  return { warnings, affectedRows };
}
