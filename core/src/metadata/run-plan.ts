import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { PlannedChange, RowCheck } from './ddl-plan';

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
    if (check.listsDependents) {
      const dependents = (await db.query<{ label: string }>(check.sql, check.params)).rows.map((row) => row.label);
      if (dependents.length > 0) {
        throw badInput(check.field, `${check.message(dependents.length)}: ${dependents.join('; ')}.`, {
          count: dependents.length,
          dependents,
        });
      }
      continue;
    }
    const count = check.accepts ? await countRefused(db, check, check.accepts) : await countOf(db, check);
    if (check.effect === 'refuse') {
      if (count > 0) throw badInput(check.field, check.message(count), { count });
      continue;
    }
    affectedRows = (affectedRows ?? 0) + count;
    if (check.effect === 'warn' && count > 0) warnings.push(check.message(count));
  }
  return { warnings, affectedRows };
}

async function countOf(db: SqlExecutor, check: RowCheck): Promise<number> {
  const { rows } = await db.query<{ count: number }>(check.sql, check.params);
  return Number(rows[0]?.count ?? 0);
}

async function countRefused(db: SqlExecutor, check: RowCheck, accepts: (value: string) => boolean): Promise<number> {
  const { rows } = await db.query<{ value: string }>(check.sql, check.params);
  return rows.filter((row) => !accepts(row.value)).length;
}
