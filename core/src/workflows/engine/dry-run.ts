import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { type Database, type SqlExecutor, type TransactionExecutor, transactionAsDatabase } from '../../db';
import { badInput, notFound } from '../../errors';
import { EventBus } from '../../events';
import type { WorkspaceSnapshot } from '../../metadata';
import { compileConditionSearch } from '../../query';
import { type Actor, createRecordService, recordFromRow } from '../../records';
import type { AnalysedDefinition } from '../model';
import { executeStep, type RunContext, type StepTrace } from './execute-step';
import { triggerInputsForRunAs } from './run-as-input';
import type { LoggedOutput, Position } from './run-flow';
import type { StepEffect } from './step-env';
import type { WorkflowMailPort } from './workflow-mail';

/** One step as the dry run saw it. */
export interface DryRunStep {
  stepId: string;
  type: string;
  /** DONE, FAILED, or WAITING (a wait step: the real run would pause there; the dry run goes on). */
  status: 'DONE' | 'FAILED' | 'WAITING';
  iteration: string;
  input: unknown;
  effects: StepEffect[];
  output: unknown;
  error: string | null;
}

export interface DryRunResult {
  steps: DryRunStep[];
  /** Why the dry run stopped before the end. */
  error: string | null;
}

export interface DryRunDeps {
  db: Database;
  snapshot: WorkspaceSnapshot;
  /** The node's mail transport: an email step fails in the dry run exactly when it would for real. */
  mail: WorkflowMailPort | null;
  timeZone?: string;
}

/** What the run starts from: a definition already checked, and a record or a sample payload. */
export interface DryRunRequest {
  analysis: AnalysedDefinition;
  /** The saved workflow being tried, if any (a round-robin step shows whose turn is next; the turn is not taken). */
  workflowId: string | null;
  recordId: string | null;
  payload: unknown;
  actor: Actor;
}

/** Step executions one dry run may make (loops multiply steps). */
export const MAX_DRY_RUN_STEPS = 2_000;

const payloadSchema = z.strictObject({
  record: z.record(z.string(), z.unknown()).nullish(),
  previous: z.record(z.string(), z.unknown()).nullish(),
  trigger: z.unknown().optional(),
});

/** Rolls the dry run's transaction back once it has seen everything. */
class DryRunDone extends Error {
  constructor(readonly result: DryRunResult) {
    super('dry run rolled back');
  }
}

async function triggerRecord(tx: SqlExecutor, deps: DryRunDeps, request: DryRunRequest) {
  const objectId = request.analysis.definition.trigger as { object?: string };
  const object = deps.snapshot.objects.find((o) => o.id === objectId.object);
  if (!object) throw badInput('recordId', 'This workflow has no trigger record: give a sample payload instead.');
  const parsed = z.guid().safeParse(request.recordId);
  if (!parsed.success) throw badInput('recordId', 'recordId must be a record id (uuid).');
  const query = compileConditionSearch(deps.snapshot, object, { id: { eq: parsed.data } }, 1, 'recordId');
  const { rows } = await tx.query<Record<string, unknown>>(query.text, query.params);
  if (!rows[0]) throw notFound(`There is no ${object.nameSingular} with id ${parsed.data}.`, { field: 'recordId' });
  return recordFromRow(object, rows[0]);
}

/**
 * The rows a real run has (workflow, version, run) so steps that refer to them (notifications,
 * round-robin turns) behave as they would; inserted in the dry run's transaction, rolled back with it.
 */
async function scratchRun(tx: SqlExecutor, deps: DryRunDeps, request: DryRunRequest, run: RunContext) {
  const workspaceId = deps.snapshot.workspaceId;
  if (!request.workflowId) {
    await tx.query(`insert into relata.workflows (id, workspace_id, name, key) values ($1, $2, $3, $4)`, [
      run.workflowId,
      workspaceId,
      `dry run ${run.id}`,
      `dry_run_${run.id.replaceAll('-', '_')}`,
    ]);
  }
  const trigger = request.analysis.definition.trigger as { type: string; object?: string };
  const versionId = uuidv7();
  await tx.query(
    `insert into relata.workflow_versions (id, workflow_id, version, definition, trigger_type, trigger_object_id)
     values ($1, $2, 0, $3, $4, $5)`,
    [versionId, run.workflowId, JSON.stringify(request.analysis.definition), trigger.type, trigger.object ?? null],
  );
  await tx.query(
    `insert into relata.workflow_runs (id, workspace_id, workflow_id, version_id, status, trigger_key, record_id, input)
     values ($1, $2, $3, $4, 'RUNNING', 'dry-run', $5, $6)`,
    [run.id, workspaceId, run.workflowId, versionId, run.recordId, JSON.stringify(run.input)],
  );
}

/**
 * Runs a workflow's steps for real inside one transaction that is always rolled back: records
 * are validated, written and read back as the run would (later steps see the ids and values),
 * and nothing stays. Outside the database: HTTP steps are not called (their request is shown),
 * mails are enqueued in the rolled-back transaction (never sent), NOTIFY and change events are
 * only delivered on commit. Plugin before-hooks are not run (their sandbox may reach the network).
 */
export async function dryRunWorkflow(deps: DryRunDeps, request: DryRunRequest): Promise<DryRunResult> {
  try {
    await deps.db.transaction(async (tx) => {
      const record = request.recordId ? await triggerRecord(tx, deps, request) : null;
      const sample = payloadSchema.safeParse(request.payload ?? {});
      if (!sample.success) throw badInput('payload', `payload: ${sample.error.issues[0]!.message}`);
      const run: RunContext = {
        id: uuidv7(),
        workflowId: request.workflowId ?? uuidv7(),
        version: 0,
        recordId: (record?.id as string | undefined) ?? null,
        objectId: (request.analysis.definition.trigger as { object?: string }).object ?? null,
        input: {
          record: record ?? sample.data.record ?? null,
          previous: sample.data.previous ?? record ?? null,
          actor: request.actor,
          ...(sample.data.trigger === undefined ? {} : { trigger: sample.data.trigger }),
        },
      };
      // As a real run: the trigger record as the version's runAs role reads it.
      const object = deps.snapshot.objects.find((o) => o.id === run.objectId);
      const runAs = request.analysis.definition.runAs;
      run.input = (await triggerInputsForRunAs(tx, deps.snapshot, runAs, object, [run.input]))[0]!;
      await scratchRun(tx, deps, request, run);
      throw new DryRunDone(await walk(tx, deps, request.analysis, run));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.result;
    throw error;
  }
  throw new Error('the dry run transaction committed');
}

/** Follows the run from its first step, one step at a time, until it ends or a step fails. */
async function walk(tx: TransactionExecutor, deps: DryRunDeps, analysis: AnalysedDefinition, run: RunContext) {
  const writer = createRecordService({
    db: transactionAsDatabase(tx),
    events: new EventBus(`dry_run_${run.id.replaceAll('-', '_')}`),
  });
  const steps: DryRunStep[] = [];
  const logged: LoggedOutput[] = [];
  const first = analysis.definition.steps[0]?.key;
  let at: Position | null = first ? { step: first, iteration: '' } : null;
  while (at) {
    if (steps.length >= MAX_DRY_RUN_STEPS) {
      return { steps, error: `The dry run stopped after ${MAX_DRY_RUN_STEPS} steps.` };
    }
    const trace: StepTrace = { input: null, effects: [] };
    const shown = { stepId: at.step, type: analysis.stepTypes.get(at.step)!.type, iteration: at.iteration };
    try {
      const now = new Date();
      const { outcome, next } = await executeStep(
        {
          snapshot: deps.snapshot,
          analysis,
          run,
          at,
          attempt: 1,
          logged,
          tx,
          writer,
          fetch: null,
          mail: deps.mail,
          timeZone: deps.timeZone ?? 'UTC',
          now,
        },
        trace,
      );
      const waiting = outcome.runAt !== undefined && outcome.runAt > now;
      steps.push({
        ...shown,
        status: waiting ? 'WAITING' : 'DONE',
        input: trace.input,
        effects: trace.effects,
        output: outcome.output,
        error: null,
      });
      logged.push({ step_key: at.step, iteration: at.iteration, output: outcome.output });
      at = next;
    } catch (error) {
      if (!(error instanceof Error) || error instanceof DryRunDone) throw error;
      const message = error.message;
      steps.push({
        ...shown,
        status: 'FAILED',
        input: trace.input,
        effects: trace.effects,
        output: null,
        error: message,
      });
      return { steps, error: `Step "${shown.stepId}" would fail: ${message}` };
    }
  }
  return { steps, error: null };
}
