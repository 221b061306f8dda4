import { v7 as uuidv7 } from 'uuid';
import { type Database, type SqlExecutor, transactionAsDatabase } from '../../db';
import type { EventBus } from '../../events';
import { enqueueJobs } from '../../jobs';
import type { WorkspaceSnapshot } from '../../metadata';
import { type OutboundPolicy, outboundFetch } from '../../outbound';
import { createRecordService, type RecordHooks } from '../../records';
import { type AnalysedDefinition, analyseDefinition } from '../model';
import { createStepTypeRegistry } from '../steps';
import { executeStep, type StepTrace } from './execute-step';
import { alertRunOwner } from './failure-alert';
import { enclosingPaths, type LoggedOutput } from './run-flow';
import { retryDelayMs, STEP_ATTEMPTS, type StepJob, stepJobPayload, stepJobSpec } from './step-jobs';
import type { WorkflowMailPort } from './workflow-mail';

export interface StepRunnerDeps {
  db: Database;
  events: EventBus;
  /** The record service's hooks: a workflow's writes trigger workflows and after-hooks too. */
  hooks: RecordHooks;
  snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot>;
  /** The guarded client's policy for HTTP steps (tests allow their loopback port). */
  outbound?: OutboundPolicy;
  /** The mail transport of send-email steps. @default none: those steps fail, saying so */
  mail?: WorkflowMailPort;
  /** Time zone of `today()` and dates without one. @default 'UTC' */
  timeZone?: string;
}

export interface RunRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  version: number;
  status: string;
  record_id: string | null;
  input: Record<string, unknown>;
  definition: { trigger: { object?: string } };
  version_id: string;
}

const analyses = new WeakMap<WorkspaceSnapshot, Map<string, AnalysedDefinition>>();
const registry = createStepTypeRegistry();

/** A version's definition checked against the snapshot, once per (snapshot, version). */
export function analysedVersion(snapshot: WorkspaceSnapshot, versionId: string, definition: unknown) {
  const bySnapshot = analyses.get(snapshot) ?? new Map<string, AnalysedDefinition>();
  analyses.set(snapshot, bySnapshot);
  const analysis = bySnapshot.get(versionId) ?? analyseDefinition({ snapshot, registry }, definition);
  bySnapshot.set(versionId, analysis);
  return analysis;
}

async function loadRun(db: SqlExecutor, runId: string, lock: boolean): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(
    `select r.id, r.workspace_id, r.workflow_id, v.version, r.status, r.record_id, r.input, v.definition, r.version_id
     from relata.workflow_runs r join relata.workflow_versions v on v.id = r.version_id
     where r.id = $1 ${lock ? 'for update of r' : ''}`,
    [runId],
  );
  return rows[0];
}

/** Outputs of the steps done in this run that a step at `iteration` may see. */
async function loggedOutputs(db: SqlExecutor, runId: string, iteration: string): Promise<LoggedOutput[]> {
  const { rows } = await db.query<LoggedOutput>(
    `select step_key, iteration, output from relata.workflow_step_runs
     where run_id = $1 and status = 'SUCCEEDED' and iteration = any($2::text[])`,
    [runId, enclosingPaths(iteration)],
  );
  return rows;
}

async function logStep(
  tx: SqlExecutor,
  job: StepJob,
  status: 'SUCCEEDED' | 'FAILED',
  startedAt: Date,
  trace: StepTrace,
  output: unknown,
  error: string | null,
) {
  await tx.query(
    `insert into relata.workflow_step_runs
       (id, run_id, step_key, iteration, attempt, status, input, output, error, started_at, duration_ms)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (run_id, step_key, iteration, attempt) do nothing`,
    [
      uuidv7(),
      job.runId,
      job.step,
      job.iteration,
      job.attempt,
      status,
      JSON.stringify(trace.input ?? null),
      JSON.stringify(output ?? null),
      error,
      startedAt,
      Date.now() - startedAt.getTime(),
    ],
  );
}

/**
 * Runs one attempt of one step: evaluates its settings, does its work, logs it and enqueues the
 * next step, all in one transaction, so a record it writes and the log of that write commit
 * together (a step retried after a crash finds its log and is not done twice). A failure is
 * logged and retried with backoff and jitter; after the last attempt the run is failed,
 * retryable from that step.
 */
export async function runWorkflowStep(deps: StepRunnerDeps, payload: unknown): Promise<void> {
  const job = stepJobPayload.parse(payload);
  const startedAt = new Date();
  const trace: StepTrace = { input: null, effects: [] };
  try {
    await deps.db.transaction(async (tx) => {
      const run = await loadRun(tx, job.runId, true);
      if (!run || (run.status !== 'RUNNING' && run.status !== 'WAITING')) return;
      // The outputs at this item path include this step's own when an earlier delivery did it.
      const logged = await loggedOutputs(tx, run.id, job.iteration);
      if (logged.some((row) => row.step_key === job.step && row.iteration === job.iteration)) return;
      const snapshot = await deps.snapshotOf(run.workspace_id);
      const analysis = analysedVersion(snapshot, run.version_id, run.definition);
      const { outcome, next } = await executeStep(
        {
          snapshot,
          analysis,
          run: {
            id: run.id,
            workflowId: run.workflow_id,
            version: run.version,
            recordId: run.record_id,
            objectId: run.definition.trigger.object ?? null,
            input: run.input,
          },
          at: { step: job.step, iteration: job.iteration },
          attempt: job.attempt,
          logged,
          tx,
          writer: createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks }),
          fetch: (request) => outboundFetch(request, deps.outbound),
          mail: deps.mail ?? null,
          timeZone: deps.timeZone ?? 'UTC',
          now: startedAt,
        },
        trace,
      );
      await logStep(tx, job, 'SUCCEEDED', startedAt, trace, outcome.output, null);
      if (next) {
        const waiting = outcome.runAt && outcome.runAt > startedAt;
        await tx.query(
          'update relata.workflow_runs set status = $2, current_step = $3, current_iteration = $4 where id = $1',
          [run.id, waiting ? 'WAITING' : 'RUNNING', next.step, next.iteration],
        );
        await enqueueJobs(tx, [
          stepJobSpec({ runId: run.id, step: next.step, iteration: next.iteration, attempt: 1 }, outcome.runAt),
        ]);
      } else {
        await tx.query(
          `update relata.workflow_runs set status = 'SUCCEEDED', current_step = null, current_iteration = '', finished_at = now() where id = $1`,
          [run.id],
        );
      }
    });
  } catch (error) {
    await recordFailure(deps, job, startedAt, trace, error);
  }
}

async function recordFailure(deps: StepRunnerDeps, job: StepJob, startedAt: Date, trace: StepTrace, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await deps.db.transaction(async (tx) => {
    const run = await loadRun(tx, job.runId, true);
    if (!run || (run.status !== 'RUNNING' && run.status !== 'WAITING')) return;
    await logStep(tx, job, 'FAILED', startedAt, trace, null, message);
    if (job.attempt < STEP_ATTEMPTS) {
      const runAt = new Date(Date.now() + retryDelayMs(job.attempt));
      await tx.query('update relata.workflow_runs set status = $2, error = $3 where id = $1', [
        run.id,
        'RUNNING',
        message,
      ]);
      await enqueueJobs(tx, [stepJobSpec({ ...job, attempt: job.attempt + 1 }, runAt)]);
    } else {
      const failure = `Step "${job.step}" failed ${STEP_ATTEMPTS} times: ${message}`;
      await tx.query(
        `update relata.workflow_runs set status = 'FAILED', current_step = $2, current_iteration = $3, error = $4, finished_at = now() where id = $1`,
        [run.id, job.step, job.iteration, failure],
      );
      await alertRunOwner(tx, deps.mail ?? null, {
        id: run.id,
        workspaceId: run.workspace_id,
        workflowId: run.workflow_id,
        recordId: run.record_id,
        objectId: run.definition.trigger.object ?? null,
        step: job.step,
        attempt: job.attempt,
        error: failure,
      });
    }
  });
}
