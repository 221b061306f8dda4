import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../../db';
import type { JobSpec } from '../../jobs';
import { stepJobSpec } from './step-jobs';

/** What starts one run of one published version. */
export interface RunStart {
  workspaceId: string;
  workflowId: string;
  versionId: string;
  /** The version's first step; null: the run has nothing to do and succeeds at once. */
  firstStep: string | null;
  /**
   * What the run was started for, unique per version: a second start with the same key (a job
   * delivered twice, two nodes firing one schedule) starts nothing.
   */
  triggerKey: string;
  recordId: string | null;
  /** The trigger's values the steps' expressions see (`record`, `previous`, `trigger`, `actor`). */
  input: Record<string, unknown>;
  /** @default 0 */
  depth?: number;
  /** Why the run is refused; it is stored failed, with this reason. @default none */
  refusal?: string | null;
}

/**
 * Inserts a run, once per (version, trigger key), inside the caller's transaction. Answers the
 * new run's id and the job of its first step (the caller enqueues it in the same transaction),
 * or null when a run with that key exists already.
 */
export async function beginRun(
  tx: SqlExecutor,
  start: RunStart,
): Promise<{ runId: string; job: JobSpec | null } | null> {
  const runId = uuidv7();
  const refused = Boolean(start.refusal);
  const status = refused ? 'FAILED' : start.firstStep ? 'RUNNING' : 'SUCCEEDED';
  const inserted = await tx.query(
    `insert into relata.workflow_runs
       (id, workspace_id, workflow_id, version_id, status, trigger_key, record_id, input, depth, current_step, error, finished_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, case when $5 = 'RUNNING' then null else now() end)
     on conflict (version_id, trigger_key) do nothing`,
    [
      runId,
      start.workspaceId,
      start.workflowId,
      start.versionId,
      status,
      start.triggerKey,
      start.recordId,
      JSON.stringify(start.input),
      start.depth ?? 0,
      start.firstStep,
      start.refusal ?? null,
    ],
  );
  if (inserted.rowCount === 0) return null;
  const job = status === 'RUNNING' ? stepJobSpec({ runId, step: start.firstStep!, attempt: 1 }) : null;
  return { runId, job };
}
