import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../../db';
import { addJobs, type JobSpec, jobRows } from '../../jobs';
import { changeLogCtes, type DeferredChanges, NOTIFY_CHANGES } from '../../records';
import { insertRuns, type RunRow } from './begin-run';
import type { ChainResult } from './step-chain';
import { stepJobSpec } from './step-jobs';

/** Only when the run was saved: the rest of the statement writes nothing for a run it did not insert. */
const ifSaved = (param: string) => `(case when exists (select 1 from run) then ${param} else '[]' end)`;

/** A chain's log rows, the run's new state and the jobs it leaves (its writes' and the next step's). */
function progressOf(runId: string, chain: ChainResult, deferred: DeferredChanges) {
  const steps = chain.done.map((step) => ({
    id: uuidv7(),
    run_id: runId,
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
  return { steps, status, jobs };
}

/** The insert of the step log rows of jsonb parameter `steps` whose run is in the CTE `run`. */
const insertStepRuns = (steps: string) => `insert into relata.workflow_step_runs
    (id, run_id, step_key, iteration, attempt, status, input, output, error, started_at, duration_ms)
  select s.id, s.run_id, s.step_key, s.iteration, s.attempt, 'SUCCEEDED', coalesce(e.value -> 'input', 'null'),
         coalesce(e.value -> 'output', 'null'), null, s.started_at, s.duration_ms
  from jsonb_array_elements(${steps}::jsonb) as e
  cross join lateral jsonb_to_record(e.value)
    as s(id uuid, run_id uuid, step_key text, iteration text, attempt int, started_at timestamptz, duration_ms int)
  where s.run_id in (select id from run)
  on conflict (run_id, step_key, iteration, attempt) do nothing`;

/**
 * Writes what a chain did, in its transaction, in ONE statement: the run's new state (or, for a
 * `run` given as a row, the new run itself, inserted once per trigger key), the log of every step
 * it ran, the audit rows, NOTIFYs and change jobs of the chain's record writes (`deferred`), and
 * the job of the step the run goes on with (none: the run is done). A step logged already (a job
 * delivered twice) keeps its first log row. Answers false when the run was not saved (a new run
 * whose key exists already): nothing was written, and the caller must roll the chain's writes back.
 */
export async function saveRunProgress(
  tx: SqlExecutor,
  run: string | RunRow,
  chain: ChainResult,
  deferred: DeferredChanges,
): Promise<boolean> {
  const runId = typeof run === 'string' ? run : run.id;
  const { steps, status, jobs } = progressOf(runId, chain, deferred);
  const params: unknown[] = [JSON.stringify(steps), JSON.stringify(deferred.entries), jobRows(jobs)];
  let saveRun: string;
  if (typeof run === 'string') {
    saveRun = `update relata.workflow_runs
       set status = $5, current_step = $6, current_iteration = coalesce($7, ''),
           finished_at = case when $5 = 'SUCCEEDED' then now() else finished_at end
       where id = $4
       returning id`;
    params.push(run, status, chain.next?.step ?? null, chain.next?.iteration ?? null);
  } else {
    saveRun = insertRuns('$4');
    params.push(JSON.stringify([savedRow(run, status, chain)]));
  }
  const { rows } = await tx.query<{ saved: boolean }>(
    `with run as (${saveRun}), steps as (${insertStepRuns('$1')}), ${changeLogCtes(ifSaved('$2::jsonb'))}
     select exists (select 1 from run) as saved, ${NOTIFY_CHANGES}, ${addJobs(ifSaved('$3::json'))}`,
    params,
  );
  return rows[0]!.saved;
}

const savedRow = (run: RunRow, status: string, chain: ChainResult): RunRow => ({
  ...run,
  status,
  current_step: chain.next?.step ?? null,
  current_iteration: chain.next?.iteration,
});

/** A new run whose first steps a chain did, waiting to be saved with others (see `saveNewRuns`). */
export interface NewRunProgress {
  run: RunRow;
  chain: ChainResult;
  deferred: DeferredChanges;
}

/**
 * Saves new runs with what their chains did (as `saveRunProgress` saves one) in ONE statement
 * whatever their number. Answers false when one of them was not inserted (its trigger key has a
 * run already): the others' rows are written, so the caller must roll the whole transaction back.
 */
export async function saveNewRuns(tx: SqlExecutor, runs: readonly NewRunProgress[]): Promise<boolean> {
  if (runs.length === 0) return true;
  const progress = runs.map(({ run, chain, deferred }) => ({ run, chain, ...progressOf(run.id, chain, deferred) }));
  const { rows } = await tx.query<{ saved: string }>(
    `with run as (${insertRuns('$4')}), steps as (${insertStepRuns('$1')}), ${changeLogCtes('$2::jsonb')}
     select (select count(*) from run) as saved, ${NOTIFY_CHANGES}, ${addJobs('$3::json')}`,
    [
      JSON.stringify(progress.flatMap((p) => p.steps)),
      JSON.stringify(runs.flatMap((r) => r.deferred.entries)),
      jobRows(progress.flatMap((p) => p.jobs)),
      JSON.stringify(progress.map((p) => savedRow(p.run, p.status, p.chain))),
    ],
  );
  return Number(rows[0]!.saved) === runs.length;
}
