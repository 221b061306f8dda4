import { qualify, type SqlExecutor } from '../db';
import { summarizeChange } from './change-summary';
import { ddl, type PlannedChange, type Statement } from './ddl-plan';
import {
  type ConditionChanges,
  conditionChanges,
  dependentsConflict,
  writeCarriedConditions,
} from './field-dependents';
import { brokenFormulas } from './formula-settings';
import { rebindHistory } from './history-identity';
import { type IndexChanges, indexChanges, indexRenameSql, writeCarriedIndexes } from './index-dependents';
import { withCarriedFields, writeMetadataRows } from './metadata-rows';
import {
  carriedFormulas,
  type OptionCarry,
  optionCarries,
  optionRenames,
  writeOptionCarries,
} from './option-dependents';
import { type RollupChanges, rollupChanges } from './rollup-settings';
import { type CountedPlan, countPlan } from './run-plan';
import { searchRebuildSql } from './search-trigger';
import type { FieldMetadata, WorkspaceSnapshot } from './types';
import { type ViewChanges, viewChanges, writeCarriedViews } from './view-dependents';

/** A planned change checked against what depends on it, counted and described, ready to run. */
export interface ReviewedChange {
  statements: Statement[];
  counted: CountedPlan;
  summary: string[];
  views: ViewChanges;
  conditions: ConditionChanges;
  rollups: RollupChanges;
  indexes: IndexChanges;
  /** Renamed select option values carried into formulas and into configuration (segments, dashboards, webhooks, workflows). */
  options: { formulas: FieldMetadata[]; carries: OptionCarry[] };
}

export interface ReviewOptions {
  /**
   * The workspace whose tables exist now, for row counts; defaults to `snapshot`. A bundle plans
   * steps after ones that create tables: those are counted as empty, not read.
   */
  existing?: WorkspaceSnapshot;
}

/**
 * Checks `planned` (made from `snapshot`) against its dependents (saved views, role conditions,
 * formulas, roll-ups, declared indexes: a change that breaks one is refused listing them), runs
 * its row counts and describes it. Reads only; `applyReviewed` then runs it.
 */
export async function reviewPlannedChange(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  planned: PlannedChange,
  options: ReviewOptions = {},
): Promise<ReviewedChange> {
  const views = await viewChanges(tx, snapshot, planned.next);
  const conditions = await conditionChanges(tx, snapshot, planned.next);
  const rollups = rollupChanges(snapshot, planned.next);
  const indexes = await indexChanges(tx, snapshot, planned.next);
  const renames = optionRenames(snapshot, planned.next);
  const carried = {
    formulas: carriedFormulas(planned.next, renames),
    carries: await optionCarries(tx, snapshot.workspaceId, renames),
  };
  const statements = [
    ...planned.statements,
    ...indexRenameSql(snapshot.schemaName, indexes),
    ...searchRebuildSql(snapshot, planned.next).map(ddl),
  ];
  const broken = [
    ...conditions.broken,
    ...views.broken,
    ...indexes.broken,
    ...brokenFormulas(snapshot, planned.next),
    ...rollups.broken,
  ];
  if (broken.length > 0) throw dependentsConflict(broken);
  const existing = options.existing ?? snapshot;
  const fresh = snapshot.objects.filter((o) => !existing.objects.some((e) => e.id === o.id));
  // Checks on a table created earlier in the same bundle would read a table that is not there yet.
  const freshTables = fresh.map((o) => qualify(snapshot.schemaName, o.tableName));
  const checks = planned.checks.filter((c) => !freshTables.some((table) => c.sql.includes(table)));
  const counted = await countPlan(tx, { ...planned, checks });
  const counting = { ...snapshot, objects: snapshot.objects.filter((o) => !fresh.includes(o)) };
  const summary = [
    ...(await summarizeChange(tx, counting, planned.next, statements, counted.affectedRows)),
    ...optionCarrySummary(planned.next, carried),
  ];
  return { statements, counted, summary, views, conditions, rollups, indexes, options: carried };
}

/** Runs a reviewed change: its SQL, metadata rows, and what follows renames (history, views, conditions, indexes). */
export async function applyReviewed(
  tx: SqlExecutor,
  workspaceId: string,
  snapshot: WorkspaceSnapshot,
  planned: PlannedChange,
  reviewed: ReviewedChange,
): Promise<void> {
  for (const statement of reviewed.statements) await tx.query(statement.sql, statement.params);
  const carriedFields = [...reviewed.rollups.carried, ...reviewed.options.formulas];
  await writeMetadataRows(tx, workspaceId, withCarriedFields(planned.rows, carriedFields));
  await rebindHistory(tx, snapshot, planned.next);
  await writeCarriedViews(tx, workspaceId, reviewed.views);
  await writeCarriedConditions(tx, reviewed.conditions);
  await writeCarriedIndexes(tx, workspaceId, reviewed.indexes);
  await writeOptionCarries(tx, workspaceId, reviewed.options.carries);
}

/** The plan's words for what takes renamed option values along besides records, views and roles. */
function optionCarrySummary(next: WorkspaceSnapshot, options: ReviewedChange['options']): string[] {
  const formulas = options.formulas.map((f) => {
    const object = next.objects.find((o) => o.id === f.objectId);
    return `formula ${object?.nameSingular ?? f.objectId}.${f.name}`;
  });
  const named = [...formulas, ...options.carries.map((c) => `${c.what} “${c.name}”`)];
  return named.length === 0 ? [] : [`Renamed option values follow into ${named.join(', ')}.`];
}
