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

export interface StartedRun {
  runId: string;
  /** The job of the run's first step (null: the run ended at once, done or refused). */
  job: JobSpec | null;
}

/** A run as `insertRuns` takes it (one element of its jsonb parameter). */
export interface RunRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  version_id: string;
  status: string;
  trigger_key: string;
  record_id: string | null;
  input: Record<string, unknown>;
  depth: number;
  current_step: string | null;
  current_iteration?: string;
  error: string | null;
}

/** The row of a new run: RUNNING at its first step, or ended at once (refused, or nothing to do). */
export function runRow(start: RunStart): RunRow {
  const refused = Boolean(start.refusal);
  return {
    id: uuidv7(),
    workspace_id: start.workspaceId,
    workflow_id: start.workflowId,
    version_id: start.versionId,
    status: refused ? 'FAILED' : start.firstStep ? 'RUNNING' : 'SUCCEEDED',
    trigger_key: start.triggerKey,
    record_id: start.recordId,
    input: start.input,
    depth: start.depth ?? 0,
    current_step: start.firstStep,
    error: start.refusal ?? null,
  };
}

/**
 * Inserts the runs of the jsonb parameter `rows` (see `RunRow`), once per (version, trigger key):
 * answers the ids of those it created.
 */
export const insertRuns = (rows: string) => `insert into relata.workflow_runs
    (id, workspace_id, workflow_id, version_id, status, trigger_key, record_id, input, depth, current_step,
     current_iteration, error, finished_at)
  select r.id, r.workspace_id, r.workflow_id, r.version_id, r.status, r.trigger_key, r.record_id, r.input, r.depth,
         r.current_step, coalesce(r.current_iteration, ''), r.error,
         case when r.status in ('RUNNING', 'WAITING') then null else now() end
  from jsonb_to_recordset(${rows}::jsonb) as r(id uuid, workspace_id uuid, workflow_id uuid, version_id uuid,
    status text, trigger_key text, record_id uuid, input jsonb, depth int, current_step text, current_iteration text,
    error text)
  on conflict (version_id, trigger_key) do nothing
  returning id`;

/** Inserts run rows (see `insertRuns`): answers the ids of those it created. */
export async function insertRunRows(tx: SqlExecutor, rows: readonly RunRow[]): Promise<Set<string>> {
  const { rows: inserted } = await tx.query<{ id: string }>(insertRuns('$1'), [JSON.stringify(rows)]);
  return new Set(inserted.map((row) => row.id));
}

/**
 * Inserts runs, once per (version, trigger key), inside the caller's transaction, in ONE
 * statement whatever their number. Answers, in the order of `starts`, each new run's id and the
 * job of its first step (the caller enqueues them in the same transaction), or null where a run
 * with that key exists already.
 */
export async function beginRuns(tx: SqlExecutor, starts: readonly RunStart[]): Promise<(StartedRun | null)[]> {
  if (starts.length === 0) return [];
  const rows = starts.map(runRow);
  const created = await insertRunRows(tx, rows);
  return rows.map((row) =>
    created.has(row.id)
      ? {
          runId: row.id,
          job: row.status === 'RUNNING' ? stepJobSpec({ runId: row.id, step: row.current_step!, attempt: 1 }) : null,
        }
      : null,
  );
}

/** Inserts one run (see `beginRuns`). */
export async function beginRun(tx: SqlExecutor, start: RunStart): Promise<StartedRun | null> {
  return (await beginRuns(tx, [start]))[0] ?? null;
}
