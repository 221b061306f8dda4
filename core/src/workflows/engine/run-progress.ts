import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../../db';
import { addJobs, type JobSpec, jobRows } from '../../jobs';
import { changeLogCtes, type DeferredChanges, NOTIFY_CHANGES } from '../../records';
import type { ChainResult } from './step-chain';
import { stepJobSpec } from './step-jobs';

/**
 * Writes what a chain did, in its transaction, in ONE statement: the log of every step it ran,
 * the run's new state, the audit rows, NOTIFYs and change jobs of the chain's record writes
 * (`deferred`), and the job of the step the run goes on with (none: the run is done). A step
 * logged already (a job delivered twice) keeps its first log row.
 */
export async function saveRunProgress(
  tx: SqlExecutor,
  runId: string,
  chain: ChainResult,
  deferred: DeferredChanges,
): Promise<void> {
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
  const jobs: JobSpec[] = [...deferred.jobs];
  if (chain.next) {
    const { step, iteration } = chain.next;
    jobs.push(stepJobSpec({ runId, step, iteration, attempt: 1 }, chain.runAt));
  }
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
     ), run as (
       update relata.workflow_runs
       set status = $3, current_step = $4, current_iteration = coalesce($5, ''),
           finished_at = case when $3 = 'SUCCEEDED' then now() else finished_at end
       where id = $1
     ), ${changeLogCtes('$6')}
     select ${NOTIFY_CHANGES}, ${addJobs('$7')}`,
    [
      runId,
      JSON.stringify(steps),
      status,
      chain.next?.step ?? null,
      chain.next?.iteration ?? null,
      JSON.stringify(deferred.entries),
      jobRows(jobs),
    ],
  );
}
