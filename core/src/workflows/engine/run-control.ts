import { z } from 'zod';
import type { Database, TransactionExecutor } from '../../db';
import { badInput, conflict, notFound } from '../../errors';
import { enqueueJobs } from '../../jobs';
import { stepJobSpec } from './step-jobs';
import { loadStepRuns, type WorkflowStepRunInfo } from './step-run-rows';

export type { WorkflowStepRunInfo } from './step-run-rows';

/** A run as the admin API shows it, with its step log. */
export interface WorkflowRunInfo {
  id: string;
  workflowId: string;
  version: number;
  status: string;
  recordId: string | null;
  depth: number;
  currentStep: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  steps: WorkflowStepRunInfo[];
}

const runId = z.guid({ error: 'must be a run id (uuid)' });

interface RunRow {
  id: string;
  workflow_id: string;
  version: number;
  status: string;
  record_id: string | null;
  depth: number;
  current_step: string | null;
  current_iteration: string;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const RUN_COLUMNS = `r.id, r.workflow_id, v.version, r.status, r.record_id, r.depth, r.current_step, r.current_iteration, r.error, r.started_at, r.finished_at`;

async function withSteps(db: Database, rows: RunRow[]): Promise<WorkflowRunInfo[]> {
  const steps = await loadStepRuns(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    workflowId: r.workflow_id,
    version: r.version,
    status: r.status,
    recordId: r.record_id,
    depth: r.depth,
    currentStep: r.current_step,
    error: r.error,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    steps: steps.filter((s) => s.runId === r.id).map(({ runId: _, ...step }) => step),
  }));
}

/** Runs of a workflow, newest first (admins: every value; other readers get no run log yet). */
export async function listRuns(db: Database, workspaceId: string, workflowId: string, limit: number) {
  const { rows } = await db.query<RunRow>(
    `select ${RUN_COLUMNS} from relata.workflow_runs r join relata.workflow_versions v on v.id = r.version_id
     where r.workspace_id = $1 and r.workflow_id = $2 order by r.started_at desc limit $3`,
    [workspaceId, workflowId, Math.min(Math.max(limit, 1), 500)],
  );
  return withSteps(db, rows);
}

async function lockedRun(tx: TransactionExecutor, workspaceId: string, id: unknown): Promise<RunRow> {
  const parsed = runId.safeParse(id);
  if (!parsed.success) throw badInput('id', `id ${parsed.error.issues[0]!.message}`);
  const { rows } = await tx.query<RunRow>(
    `select ${RUN_COLUMNS} from relata.workflow_runs r join relata.workflow_versions v on v.id = r.version_id
     where r.workspace_id = $1 and r.id = $2 for update of r`,
    [workspaceId, parsed.data],
  );
  const run = rows[0];
  if (!run) throw notFound(`There is no workflow run with id ${parsed.data}.`, { field: 'id' });
  return run;
}

/**
 * Retries a failed run from the step that failed: a fresh attempt of that step (steps before it
 * keep their results and are not run again).
 */
export async function retryRun(db: Database, workspaceId: string, id: unknown): Promise<WorkflowRunInfo> {
  const run = await db.transaction(async (tx) => {
    const run = await lockedRun(tx, workspaceId, id);
    if (run.status !== 'FAILED' || !run.current_step) {
      throw conflict(`Only a failed run can be retried; this one is ${run.status}.`, { field: 'id' });
    }
    const { rows } = await tx.query<{ attempt: number }>(
      `select coalesce(max(attempt), 0) as attempt from relata.workflow_step_runs
       where run_id = $1 and step_key = $2 and iteration = $3`,
      [run.id, run.current_step, run.current_iteration],
    );
    await tx.query(
      `update relata.workflow_runs set status = 'RUNNING', error = null, finished_at = null where id = $1`,
      [run.id],
    );
    Object.assign(run, { status: 'RUNNING', error: null, finished_at: null });
    await enqueueJobs(tx, [
      stepJobSpec({
        runId: run.id,
        step: run.current_step,
        iteration: run.current_iteration,
        attempt: (rows[0]?.attempt ?? 0) + 1,
      }),
    ]);
    return run;
  });
  return (await withSteps(db, [run]))[0]!;
}

/** Cancels a running or waiting run: its pending step job finds it cancelled and does nothing. */
export async function cancelRun(db: Database, workspaceId: string, id: unknown): Promise<WorkflowRunInfo> {
  const run = await db.transaction(async (tx) => {
    const run = await lockedRun(tx, workspaceId, id);
    if (run.status !== 'RUNNING' && run.status !== 'WAITING') {
      throw conflict(`Only a running or waiting run can be cancelled; this one is ${run.status}.`, { field: 'id' });
    }
    await tx.query(`update relata.workflow_runs set status = 'CANCELLED', finished_at = now() where id = $1`, [run.id]);
    Object.assign(run, { status: 'CANCELLED', finished_at: new Date() });
    return run;
  });
  return (await withSteps(db, [run]))[0]!;
}
