import type { Database, SqlExecutor } from '../db';
import { notFound } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { analyticSql } from '../query';
import { systemEntity } from '../system';
import type { ModelDefinition } from './model-definition';
import { modelInfo, type ScoringModelInfo } from './model-info';
import { objectById } from './model-sources';
import { lifecycleTarget, rfmTarget } from './model-sql';
import { RUN_CLEANUP, type RunPhase, type RunStep, storedUpdateSteps } from './stored-update-sql';

/** Memory a run's aggregate and rankings may use (per sort / hash): 100k subjects' rankings fit in 64 MB. */
const SCORING_WORK_MEM_BYTES = 64 * 1024 * 1024;

/** Where a run's time went: one entry per step (`fields`: creating the model's fields, on creation only). */
export interface RunPhaseTime {
  phase: RunPhase | 'fields';
  ms: number;
}

/** What one run of a model did. */
export interface ModelRun {
  model: ScoringModelInfo;
  /** Records whose stored values changed (each got an audit row). */
  changed: number;
  /** Live records of the subject the run covered. */
  covered: number;
  /** The run's SQL, all steps. */
  durationMs: number;
  phases: RunPhaseTime[];
}

/** The statements of a model's run, in order (exported for the benchmark). */
export function modelSteps(snapshot: WorkspaceSnapshot, row: systemEntity.ScoringModel): RunStep[] {
  const definition = row.definition as unknown as ModelDefinition;
  const subject = objectById(snapshot, row.objectId, row.name);
  const sql = analyticSql(snapshot, null);
  const target =
    definition.kind === 'RFM'
      ? rfmTarget(sql, snapshot, subject, row.name, definition)
      : lifecycleTarget(sql, snapshot, subject, row.name, definition);
  return storedUpdateSteps(sql, snapshot, subject, target);
}

/**
 * Recomputes model `id` into its fields inside `tx` (the caller's transaction: a template's seed
 * session, whose rows the run must see before they commit): set-based steps, as the system,
 * holding the model's advisory lock until `tx` ends (a scheduled and an on-demand run never
 * interleave their audit rows). @throws NOT_FOUND, CONFLICT when something it reads was deleted
 */
export async function runModelIn(tx: SqlExecutor, snapshot: WorkspaceSnapshot, id: string): Promise<ModelRun> {
  const em = await tx.entities();
  const row = await em.findOne(systemEntity.ScoringModel, { workspace: snapshot.workspaceId, id });
  if (!row) throw notFound(`No scoring model ${id}; list the models for valid ids.`, { field: 'id' });
  const { rows: held } = await tx.query<{ jit: string; work_mem: string }>(
    `select pg_advisory_xact_lock(hashtext($1)), current_setting('jit') as jit, current_setting('work_mem') as work_mem`,
    [`scoring-model:${id}`],
  );
  const steps = modelSteps(snapshot, row);
  // For these statements only (`tx` may be the caller's): no JIT, whose compile of this big plan cost
  // more than the statement's own work (5.9 s of 16.5 s over 1M orders under load, bench 12f), and
  // room to hash the aggregate and sort the three rankings in memory instead of on disk.
  await tx.query(
    `select set_config('jit', 'off', true),
            set_config('work_mem', case when pg_size_bytes(current_setting('work_mem')) < $1::bigint then $2 else current_setting('work_mem') end, true)`,
    [SCORING_WORK_MEM_BYTES, `${SCORING_WORK_MEM_BYTES / 1024}kB`],
  );
  const phases: RunPhaseTime[] = [];
  const counts: Partial<Record<RunPhase, number>> = {};
  for (const step of steps) {
    const started = performance.now();
    const result = await tx.query(step.text, step.params);
    phases.push({ phase: step.phase, ms: Math.round(performance.now() - started) });
    counts[step.phase] = result.rowCount;
  }
  await tx.query(RUN_CLEANUP);
  const durationMs = phases.reduce((sum, p) => sum + p.ms, 0);
  await tx.query(`select set_config('jit', $1, true), set_config('work_mem', $2, true)`, [
    held[0]?.jit ?? 'on',
    held[0]?.work_mem ?? '4MB',
  ]);
  row.lastRunAt = new Date();
  row.lastRunMs = durationMs;
  row.lastChanged = counts.write ?? 0;
  await em.flush();
  return { model: modelInfo(snapshot, row), changed: row.lastChanged, covered: counts.score ?? 0, durationMs, phases };
}

/** Recomputes model `id` in a transaction of its own (see `runModelIn`). */
export function runModel(db: Database, snapshot: WorkspaceSnapshot, id: string): Promise<ModelRun> {
  return db.transaction((tx) => runModelIn(tx, snapshot, id));
}
