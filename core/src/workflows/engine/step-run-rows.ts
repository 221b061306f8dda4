import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../../db';

/** One attempt of one step as the run log shows it (admins: as logged; members: redacted). */
export interface WorkflowStepRunInfo {
  step: string;
  /** Inside loops, the item path (`2`, `2.0` nested); '' outside. */
  iteration: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  startedAt: string;
  durationMs: number;
}

/** A logged step attempt with the run it belongs to. */
export interface StepRunRow extends WorkflowStepRunInfo {
  runId: string;
}

/** The step log of some runs, in the order the attempts started. */
export async function loadStepRuns(db: SqlExecutor, runIds: readonly string[]): Promise<StepRunRow[]> {
  if (runIds.length === 0) return [];
  const { rows } = await db.query<{
    run_id: string;
    step_key: string;
    iteration: string;
    attempt: number;
    status: string;
    input: unknown;
    output: unknown;
    error: string | null;
    started_at: Date;
    duration_ms: number;
  }>(
    `select run_id, step_key, iteration, attempt, status, input, output, error, started_at, duration_ms
     from relata.workflow_step_runs where run_id = any($1::uuid[]) order by started_at, attempt`,
    [runIds],
  );
  return rows.map((s) => ({
    runId: s.run_id,
    step: s.step_key,
    iteration: s.iteration,
    attempt: s.attempt,
    status: s.status,
    input: s.input,
    output: s.output,
    error: s.error,
    startedAt: s.started_at.toISOString(),
    durationMs: s.duration_ms,
  }));
}

/** Logs a failed attempt of a step (a step logged already keeps its first row). */
export async function logFailedStep(
  tx: SqlExecutor,
  at: { runId: string; step: string; iteration: string; attempt: number },
  startedAt: Date,
  input: unknown,
  error: string,
): Promise<void> {
  await tx.query(
    `insert into relata.workflow_step_runs
       (id, run_id, step_key, iteration, attempt, status, input, output, error, started_at, duration_ms)
     values ($1, $2, $3, $4, $5, 'FAILED', $6, 'null', $7, $8, $9)
     on conflict (run_id, step_key, iteration, attempt) do nothing`,
    [
      uuidv7(),
      at.runId,
      at.step,
      at.iteration,
      at.attempt,
      JSON.stringify(input ?? null),
      error,
      startedAt,
      Date.now() - startedAt.getTime(),
    ],
  );
}
