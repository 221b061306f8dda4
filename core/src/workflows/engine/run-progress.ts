import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../../db';
import type { JobSpec } from '../../jobs';
import type { ChainResult } from './step-chain';
import { stepJobSpec } from './step-jobs';

/**
 * Writes what a chain did, in its transaction: the log of every step it ran and the run's new
 * state in ONE statement. Answers the job of the step the run goes on with (null: the run is
 * done), for the caller to enqueue with its others. A step logged already (a job delivered
 * twice) keeps its first log row.
 */
export async function saveRunProgress(tx: SqlExecutor, runId: string, chain: ChainResult): Promise<JobSpec | null> {
  const steps = chain.done.map((step) => ({
    id: uuidv7(),
    step_key: step.at.step,
    iteration: step.at.iteration,
    attempt: step.attempt,
    // `null` stays a json null, as a per-row insert of JSON.stringify(null) stored it.
    input: step.input ?? null,
    output: step.output ?? null,
    started_at: step.startedAt.toISOString(),
    duration_ms: step.durationMs,
  }));
  const last = chain.done[chain.done.length - 1];
  const waiting = chain.runAt !== undefined && last !== undefined && chain.runAt > last.startedAt;
  const status = chain.next ? (waiting ? 'WAITING' : 'RUNNING') : 'SUCCEEDED';
  await tx.query(
    `with steps as (
       insert into relata.workflow_step_runs
         (id, run_id, step_key, iteration, attempt, status, input, output, error, started_at, duration_ms)
       select s.id, $1, s.step_key, s.iteration, s.attempt, 'SUCCEEDED', coalesce(e.value -> 'input', 'null'),
              coalesce(e.value -> 'output', 'null'), null, s.started_at, s.duration_ms
       from jsonb_array_elements($2::jsonb) as e
       cross join lateral jsonb_to_record(e.value)
         as s(id uuid, step_key text, iteration text, attempt int, started_at timestamptz, duration_ms int)
       on conflict (run_id, step_key, iteration, attempt) do nothing
     )
     update relata.workflow_runs
     set status = $3, current_step = $4, current_iteration = coalesce($5, ''),
         finished_at = case when $3 = 'SUCCEEDED' then now() else finished_at end
     where id = $1`,
    [runId, JSON.stringify(steps), status, chain.next?.step ?? null, chain.next?.iteration ?? null],
  );
  return chain.next
    ? stepJobSpec({ runId, step: chain.next.step, iteration: chain.next.iteration, attempt: 1 }, chain.runAt)
    : null;
}
