import type { SqlExecutor } from '../db';

/** Schema of the job queue (graphile-worker's tables and functions; the runtime migrates it). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

/** One job to add to the queue. */
export interface JobSpec {
  /** Name of the task that runs it (see the runtime's task list). */
  task: string;
  payload: unknown;
  /** Not before this time; default now. */
  runAt?: Date;
  /** Attempts before the job is given up (kept, with its last error); default 25. */
  maxAttempts?: number;
  /** Jobs of one queue run one at a time, in order. */
  queue?: string;
  /** A later job with the same key replaces a pending one (dedupe, debounce). */
  key?: string;
}

/** The specs as the one json parameter `ADD_JOBS` takes. */
export function jobRows(specs: readonly JobSpec[]): string {
  return JSON.stringify(
    specs.map((spec) => ({
      identifier: spec.task,
      payload: spec.payload,
      run_at: spec.runAt?.toISOString() ?? null,
      max_attempts: spec.maxAttempts ?? null,
      queue_name: spec.queue ?? null,
      job_key: spec.key ?? null,
    })),
  );
}

/** A scalar subquery adding the jobs of the json parameter `rows` (see `jobRows`); answers their count. */
export const addJobs = (rows: string) =>
  `(select count(*) from ${JOB_QUEUE_SCHEMA}.add_jobs(array(
     select json_populate_record(null::${JOB_QUEUE_SCHEMA}.job_spec, spec)
     from json_array_elements(${rows}::json) as spec
   )))`;

/**
 * Adds jobs inside the caller's transaction: they become visible to workers on commit and never
 * exist after a rollback. One statement whatever the number of jobs (the specs travel as one json
 * parameter), so a bulk write pays one round trip for its jobs.
 */
export async function enqueueJobs(tx: SqlExecutor, specs: readonly JobSpec[]): Promise<void> {
  if (specs.length === 0) return;
  await tx.query(`select ${addJobs('$1')}`, [jobRows(specs)]);
}
