import type { Database } from '../../db';

/** Task of the hourly removal of finished runs past their retention. */
export const WORKFLOW_RUN_PRUNE_TASK = 'workflow:prune-runs';

/** Days a finished run (and its step log) is kept unless the node says otherwise. */
export const DEFAULT_RUN_RETENTION_DAYS = 30;

/** Runs one statement deletes: a big backlog is removed in short transactions that lock little. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes the runs that finished (succeeded, failed or cancelled) more than `retentionDays` ago,
 * with their step log (its rows cascade), in batches along `workflow_runs_finished_idx`. Running
 * and waiting runs are never touched, however old. Answers how many runs were removed.
 */
export async function pruneWorkflowRuns(db: Database, retentionDays: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `delete from relata.workflow_runs where id in (
         select id from relata.workflow_runs
         where finished_at < now() - make_interval(days => $1) and status in ('SUCCEEDED', 'FAILED', 'CANCELLED')
         order by finished_at limit $2)`,
      [retentionDays, PRUNE_BATCH],
    );
    removed += rowCount;
    if (rowCount < PRUNE_BATCH) return removed;
  }
}
