import { type Database, type SqlExecutor, type TransactionExecutor, transactionAsDatabase } from '../../db';
import type { EventBus } from '../../events';
import { enqueueJobs } from '../../jobs';
import type { WorkspaceSnapshot } from '../../metadata';
import { type OutboundPolicy, outboundFetch } from '../../outbound';
import { createRecordService, DeferredChanges, type RecordHooks } from '../../records';
import type { AnalysedDefinition } from '../model';
import type { ExternalActions, StepTypeRegistry } from '../steps';
import type { RunContext, StepTrace } from './execute-step';
import { stepTypesOf } from './external-steps';
import { alertRunOwner } from './failure-alert';
import { isRoleRefusal } from './run-as-rights';
import { enclosingPaths, type LoggedOutput, type Position } from './run-flow';
import { saveRunProgress } from './run-progress';
import { type ChainCall, ChainFailure, MAX_CHAIN_STEPS, runChain } from './step-chain';
import { retryDelayMs, STEP_ATTEMPTS, type StepJob, stepJobPayload, stepJobSpec } from './step-jobs';
import { logFailedStep } from './step-run-rows';
import { versionAnalysis } from './version-analysis';
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
  /** Plugins' actions, as `plugin:<plugin>.<action>` steps. @default none */
  actions?: ExternalActions;
}

interface RunRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  version: number;
  status: string;
  record_id: string | null;
  input: Record<string, unknown>;
  version_id: string;
  trigger_object_id: string | null;
  /** Outputs of the steps done in this run that a step at the job's item path may see. */
  logged: LoggedOutput[];
}

/** The run, locked, with the outputs a step at `iteration` sees: one statement. */
async function loadRun(db: SqlExecutor, runId: string, iteration: string): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(
    `select r.id, r.workspace_id, r.workflow_id, v.version, r.status, r.record_id, r.input, r.version_id,
            v.trigger_object_id,
            coalesce((select json_agg(json_build_object('step_key', s.step_key, 'iteration', s.iteration, 'output', s.output))
                      from relata.workflow_step_runs s
                      where s.run_id = r.id and s.status = 'SUCCEEDED' and s.iteration = any($2::text[])), '[]') as logged
     from relata.workflow_runs r join relata.workflow_versions v on v.id = r.version_id
     where r.id = $1 for update of r`,
    [runId, enclosingPaths(iteration)],
  );
  return rows[0];
}

/**
 * Everything a chain of one run's steps runs with, inside `tx`. Its record writes leave their
 * audit rows, NOTIFYs and change jobs in `deferred`, for `saveRunProgress` to write.
 */
export function chainCall(
  deps: Omit<StepRunnerDeps, 'db' | 'snapshotOf'>,
  tx: TransactionExecutor,
  snapshot: WorkspaceSnapshot,
  analysis: AnalysedDefinition,
  run: RunContext,
  deferred: DeferredChanges,
): ChainCall {
  return {
    snapshot,
    analysis,
    run,
    tx,
    writer: createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks, deferred }),
    fetch: (request) => outboundFetch(request, deps.outbound),
    mail: deps.mail ?? null,
    actions: deps.actions,
    timeZone: deps.timeZone ?? 'UTC',
  };
}

/** What a run's steps run against: its workspace's metadata and step types. */
interface RunSetting {
  snapshot: WorkspaceSnapshot;
  stepTypes: StepTypeRegistry;
}

/**
 * The run's workspace metadata and step types, loaded before the step's transaction opens: loading
 * them may take pooled connections, and steps holding one each in their transactions while their
 * loads wait for another deadlock a pool no larger than the worker's concurrency (a cold cache after
 * a start or a metadata change: measured, 10 steps on a pool of 10 stalled for good). Null when the
 * run is gone.
 */
async function runSetting(deps: StepRunnerDeps, runId: string): Promise<RunSetting | null> {
  const { rows } = await deps.db.query<{ workspace_id: string }>(
    'select workspace_id from relata.workflow_runs where id = $1',
    [runId],
  );
  if (!rows[0]) return null;
  const snapshot = await deps.snapshotOf(rows[0].workspace_id);
  return { snapshot, stepTypes: await stepTypesOf(snapshot, deps.actions) };
}

/** Runs the job's step and the in-transaction steps after it (at most `maxSteps`), in one transaction. */
async function runSteps(deps: StepRunnerDeps, job: StepJob, { snapshot, stepTypes }: RunSetting, maxSteps: number) {
  await deps.db.transaction(async (tx) => {
    const run = await loadRun(tx, job.runId, job.iteration);
    if (!run || (run.status !== 'RUNNING' && run.status !== 'WAITING')) return;
    // The outputs at this item path include this step's own when an earlier delivery did it.
    if (run.logged.some((row) => row.step_key === job.step && row.iteration === job.iteration)) return;
    const analysis = await versionAnalysis(tx, snapshot, run.version_id, stepTypes);
    const deferred = new DeferredChanges();
    const call = chainCall(
      deps,
      tx,
      snapshot,
      analysis,
      {
        id: run.id,
        workflowId: run.workflow_id,
        version: run.version,
        recordId: run.record_id,
        objectId: run.trigger_object_id,
        input: run.input,
      },
      deferred,
    );
    const at = { step: job.step, iteration: job.iteration };
    const chain = await runChain(call, { at, attempt: job.attempt }, run.logged, maxSteps).catch((error: unknown) => {
      throw error instanceof ChainFailure && analysis.definition.atomic ? error.whole() : error;
    });
    await saveRunProgress(tx, run.id, chain, deferred).catch((error: unknown) => {
      // A failed log write of a lone step fails that step (its input kept); of a chain, the chain.
      const [first, second] = chain.done;
      throw new ChainFailure(second ? 1 : 0, { input: first?.input ?? null, effects: [] }, first!.startedAt, error);
    });
  });
}

/**
 * Runs one attempt of one step, and the in-transaction steps after it: evaluates their settings,
 * does their work, logs them and enqueues the step the run goes on with, all in one transaction,
 * so a record they write and the log of that write commit together (a step retried after a crash
 * finds its log and is not done twice). When a later step of the chain fails, the chain rolls
 * back and this step runs alone; the failing step then fails in its own job. In an atomic
 * workflow the chain fails whole instead: retried from its start, never committed in part. A failure is logged
 * and retried with backoff and jitter; after the last attempt the run is failed, retryable from
 * that step.
 */
export async function runWorkflowStep(deps: StepRunnerDeps, payload: unknown): Promise<void> {
  const job = stepJobPayload.parse(payload);
  const startedAt = new Date();
  try {
    const setting = await runSetting(deps, job.runId);
    if (!setting) return;
    await runSteps(deps, job, setting, MAX_CHAIN_STEPS).catch((error: unknown) => {
      if (error instanceof ChainFailure && error.index > 0) return runSteps(deps, job, setting, 1);
      throw error;
    });
  } catch (error) {
    const failed = error instanceof ChainFailure ? error : null;
    const trace: StepTrace = failed?.trace ?? { input: null, effects: [] };
    const at = failed?.at ?? { step: job.step, iteration: job.iteration };
    await recordFailure(deps, job, at, failed?.startedAt ?? startedAt, trace, failed ? failed.cause : error);
  }
}

/**
 * Logs a failed attempt under the step that failed (`at`: a later step of an atomic chain, else
 * the job's own) and retries the job, or fails the run at the job's step, where a retry resumes.
 */
async function recordFailure(
  deps: StepRunnerDeps,
  job: StepJob,
  at: Position,
  startedAt: Date,
  trace: StepTrace,
  error: unknown,
) {
  const message = error instanceof Error ? error.message : String(error);
  await deps.db.transaction(async (tx) => {
    const run = await loadRun(tx, job.runId, job.iteration);
    if (!run || (run.status !== 'RUNNING' && run.status !== 'WAITING')) return;
    await logFailedStep(tx, { ...job, ...at }, startedAt, trace.input, message);
    // A refusal of the run's role is no transient failure: the run fails now, retryable once rights change.
    if (job.attempt < STEP_ATTEMPTS && !isRoleRefusal(error)) {
      const runAt = new Date(Date.now() + retryDelayMs(job.attempt));
      await tx.query('update relata.workflow_runs set status = $2, error = $3 where id = $1', [
        run.id,
        'RUNNING',
        message,
      ]);
      await enqueueJobs(tx, [stepJobSpec({ ...job, attempt: job.attempt + 1 }, runAt)]);
    } else {
      const failure = isRoleRefusal(error)
        ? `Step "${at.step}" failed: ${message}`
        : `Step "${at.step}" failed ${STEP_ATTEMPTS} times: ${message}`;
      await tx.query(
        `update relata.workflow_runs set status = 'FAILED', current_step = $2, current_iteration = $3, error = $4, finished_at = now() where id = $1`,
        [run.id, job.step, job.iteration, failure],
      );
      await alertRunOwner(tx, deps.mail ?? null, {
        id: run.id,
        workspaceId: run.workspace_id,
        workflowId: run.workflow_id,
        recordId: run.record_id,
        objectId: run.trigger_object_id,
        step: at.step,
        attempt: job.attempt,
        error: failure,
      });
    }
  });
}
