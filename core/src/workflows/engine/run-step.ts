import { v7 as uuidv7 } from 'uuid';
import { type Database, type SqlExecutor, transactionAsDatabase } from '../../db';
import type { EventBus } from '../../events';
import { enqueueJobs } from '../../jobs';
import type { WorkspaceSnapshot } from '../../metadata';
import { type OutboundPolicy, outboundFetch } from '../../outbound';
import { createRecordService, type RecordHooks, type WriteContext } from '../../records';
import { type DataMap, toValue, type Value } from '../expressions';
import { type AnalysedDefinition, analyseDefinition } from '../model';
import type { ExternalActions, StepTypeRegistry } from '../steps';
import { evaluateSettings } from './evaluate-settings';
import { externalExecutor, stepTypesOf } from './external-steps';
import { STEP_EXECUTORS, type StepOutcome } from './step-executors';
import { retryDelayMs, STEP_ATTEMPTS, type StepJob, stepJobPayload, stepJobSpec } from './step-jobs';

export interface StepRunnerDeps {
  db: Database;
  events: EventBus;
  /** The record service's hooks: a workflow's writes trigger workflows and after-hooks too. */
  hooks: RecordHooks;
  snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot>;
  /** The guarded client's policy for HTTP steps (tests allow their loopback port). */
  outbound?: OutboundPolicy;
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
  definition: unknown;
  version_id: string;
}

const analyses = new WeakMap<WorkspaceSnapshot, Map<string, AnalysedDefinition>>();
/** A version's definition checked against the snapshot, once per (snapshot, version). */
function analysed(snapshot: WorkspaceSnapshot, run: RunRow, registry: StepTypeRegistry): AnalysedDefinition {
  const bySnapshot = analyses.get(snapshot) ?? new Map<string, AnalysedDefinition>();
  analyses.set(snapshot, bySnapshot);
  const analysis = bySnapshot.get(run.version_id) ?? analyseDefinition({ snapshot, registry }, run.definition);
  bySnapshot.set(run.version_id, analysis);
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

async function stepOutputs(db: SqlExecutor, runId: string): Promise<DataMap> {
  const { rows } = await db.query<{ step_key: string; output: unknown }>(
    `select step_key, output from relata.workflow_step_runs where run_id = $1 and status = 'SUCCEEDED'`,
    [runId],
  );
  const outputs = Object.create(null) as DataMap;
  for (const row of rows) outputs[row.step_key] = toValue(row.output);
  return outputs;
}

async function logStep(
  tx: SqlExecutor,
  job: StepJob,
  status: 'SUCCEEDED' | 'FAILED',
  startedAt: Date,
  input: unknown,
  output: unknown,
  error: string | null,
) {
  await tx.query(
    `insert into relata.workflow_step_runs (id, run_id, step_key, attempt, status, input, output, error, started_at, duration_ms)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (run_id, step_key, attempt) do nothing`,
    [
      uuidv7(),
      job.runId,
      job.step,
      job.attempt,
      status,
      JSON.stringify(input ?? null),
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
  let input: unknown = null;
  try {
    await deps.db.transaction(async (tx) => {
      const run = await loadRun(tx, job.runId, true);
      if (!run || (run.status !== 'RUNNING' && run.status !== 'WAITING')) return;
      const done = await tx.query(
        'select 1 from relata.workflow_step_runs where run_id = $1 and step_key = $2 and status = $3',
        [job.runId, job.step, 'SUCCEEDED'],
      );
      if (done.rowCount > 0) return;
      const snapshot = await deps.snapshotOf(run.workspace_id);
      const analysis = analysed(snapshot, run, await stepTypesOf(snapshot, deps.actions));
      const step = analysis.definition.steps.find((s) => s.key === job.step)!;
      const type = analysis.stepTypes.get(job.step)!;
      const executor = STEP_EXECUTORS.get(type.type) ?? externalExecutor(type.type, deps.actions, run.workspace_id);
      if (!executor) throw new Error(`${type.label} steps cannot run in this version of Relata.`);
      const values = new Map<string, Value>([
        ...Object.entries(run.input).map(([k, v]): [string, Value] => [k, toValue(v)]),
        ['steps', await stepOutputs(tx, run.id)],
        ['workflow', toValue({ id: run.workflow_id, version: run.version, runId: run.id })],
      ]);
      const evaluation = {
        snapshot,
        scope: analysis.scopes.get(job.step)!,
        values,
        context: { now: startedAt, timeZone: deps.timeZone ?? 'UTC' },
        step: job.step,
      };
      const settings = evaluateSettings(evaluation, type, step.settings);
      input = settings.values;
      const ctx: WriteContext = { snapshot, actor: { kind: 'system', id: run.id, role: 'admin' }, via: 'workflow' };
      const outcome: StepOutcome = await executor(
        settings,
        {
          runId: run.id,
          recordId: run.record_id,
          snapshot,
          tx,
          writer: createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks }),
          ctx,
          fetch: (request) => outboundFetch(request, deps.outbound),
          evaluation,
          idempotencyKey: `${run.id}:${job.step}:${job.attempt}`,
          now: startedAt,
        },
        step.settings,
      );
      await logStep(tx, job, 'SUCCEEDED', startedAt, input, outcome.output, null);
      const next = outcome.next === undefined ? (step.next ?? null) : outcome.next;
      if (next) {
        const waiting = outcome.runAt && outcome.runAt > startedAt;
        await tx.query('update relata.workflow_runs set status = $2, current_step = $3 where id = $1', [
          run.id,
          waiting ? 'WAITING' : 'RUNNING',
          next,
        ]);
        await enqueueJobs(tx, [stepJobSpec({ runId: run.id, step: next, attempt: 1 }, outcome.runAt)]);
      } else {
        await tx.query(
          `update relata.workflow_runs set status = 'SUCCEEDED', current_step = null, finished_at = now() where id = $1`,
          [run.id],
        );
      }
    });
  } catch (error) {
    await recordFailure(deps.db, job, startedAt, input, error);
  }
}

async function recordFailure(db: Database, job: StepJob, startedAt: Date, input: unknown, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await db.transaction(async (tx) => {
    const run = await loadRun(tx, job.runId, true);
    if (!run || (run.status !== 'RUNNING' && run.status !== 'WAITING')) return;
    await logStep(tx, job, 'FAILED', startedAt, input, null, message);
    if (job.attempt < STEP_ATTEMPTS) {
      const runAt = new Date(Date.now() + retryDelayMs(job.attempt));
      await tx.query('update relata.workflow_runs set status = $2, error = $3 where id = $1', [
        run.id,
        'RUNNING',
        message,
      ]);
      await enqueueJobs(tx, [stepJobSpec({ ...job, attempt: job.attempt + 1 }, runAt)]);
    } else {
      await tx.query(
        `update relata.workflow_runs set status = 'FAILED', current_step = $2, error = $3, finished_at = now() where id = $1`,
        [run.id, job.step, `Step "${job.step}" failed ${STEP_ATTEMPTS} times: ${message}`],
      );
    }
  });
}
