import type { SqlExecutor } from '../../db';
import type { WorkspaceSnapshot } from '../../metadata';
import { ADMIN_ROLE } from '../../permissions';
import type { RecordWriter, WriteContext } from '../../records';
import { toValue, type Value } from '../expressions';
import type { AnalysedDefinition } from '../model';
import type { ExternalActions } from '../steps';
import { evaluateSettings } from './evaluate-settings';
import { externalExecutor } from './external-steps';
import { refusedForRole, runAsRights } from './run-as-rights';
import { type LoggedOutput, loopItem, nextPosition, outputsAt, type Position } from './run-flow';
import type { StepEffect, StepEnv, StepOutcome } from './step-env';
import { STEP_EXECUTORS } from './step-executors';

/** The run a step belongs to, as its expressions and writes see it. */
export interface RunContext {
  id: string;
  workflowId: string;
  version: number;
  recordId: string | null;
  /** The trigger record's object (stable id). */
  objectId: string | null;
  /** `record`, `previous`, `actor`, `trigger`. */
  input: Record<string, unknown>;
}

/** One attempt of one step, with everything it runs with. */
export interface StepCall {
  snapshot: WorkspaceSnapshot;
  analysis: AnalysedDefinition;
  run: RunContext;
  at: Position;
  attempt: number;
  /** Outputs of the steps done so far in this run. */
  logged: readonly LoggedOutput[];
  tx: SqlExecutor;
  writer: RecordWriter;
  fetch: StepEnv['fetch'];
  mail: StepEnv['mail'];
  /** Plugins' actions (`plugin:` step types); absent: none run. */
  actions?: ExternalActions;
  timeZone: string;
  now: Date;
}

/** What the attempt evaluated and did, kept even when it fails (the run log shows the input). */
export interface StepTrace {
  input: unknown;
  effects: StepEffect[];
}

export interface StepResult {
  outcome: StepOutcome;
  /** Where the run goes next; null: it is done. */
  next: Position | null;
}

/** Evaluates a step's settings in its scope and does its work. */
export async function executeStep(call: StepCall, trace: StepTrace): Promise<StepResult> {
  const { analysis, run, at } = call;
  const step = analysis.definition.steps.find((s) => s.key === at.step)!;
  const type = analysis.stepTypes.get(at.step)!;
  const builtin = STEP_EXECUTORS.get(type.type);
  const executor = builtin ?? externalExecutor(type, call.actions, call.snapshot.workspaceId);
  if (!executor) throw new Error(`${type.label} steps cannot run in this version of Relata.`);
  const values = new Map<string, Value>([
    ...Object.entries(run.input).map(([k, v]): [string, Value] => [k, toValue(v)]),
    ['steps', outputsAt(call.logged, at.iteration)],
    ['workflow', toValue({ id: run.workflowId, version: run.version, runId: run.id })],
  ]);
  const item = loopItem(analysis, call.logged, at);
  if (item !== undefined) values.set('item', item);
  const evaluation = {
    snapshot: call.snapshot,
    scope: analysis.scopes.get(at.step)!,
    values,
    context: { now: call.now, timeZone: call.timeZone },
    step: at.step,
  };
  const settings = evaluateSettings(evaluation, type, step.settings);
  trace.input = settings.values;
  // The version's runAs role: its rights bound the step's writes and reads; the run stays the actor.
  const rights = await runAsRights(call.tx, call.snapshot, analysis.definition.runAs);
  const ctx: WriteContext = {
    snapshot: call.snapshot,
    actor: { kind: 'system', id: run.id, role: rights?.role ?? ADMIN_ROLE },
    via: 'workflow',
    ...(rights && { permissions: rights }),
  };
  const outcome = await executor(
    settings,
    {
      runId: run.id,
      workflowId: run.workflowId,
      recordId: run.recordId,
      objectId: run.objectId,
      iteration: at.iteration,
      snapshot: call.snapshot,
      tx: call.tx,
      writer: call.writer,
      ctx,
      fetch: call.fetch,
      mail: call.mail,
      evaluation,
      idempotencyKey: `${run.id}:${at.step}${at.iteration === '' ? '' : `[${at.iteration}]`}:${call.attempt}`,
      now: call.now,
      effects: trace.effects,
    },
    step.settings,
  ).catch((error: unknown) => {
    // A plugin's action runs with the plugin's grants, not the run's role: its refusals are the plugin's.
    throw rights && builtin ? refusedForRole(error, rights.role) : error;
  });
  const chosen = outcome.next === undefined ? (step.next ?? null) : outcome.next;
  const logged = [...call.logged, { step_key: at.step, iteration: at.iteration, output: outcome.output }];
  return { outcome, next: nextPosition(analysis, logged, at, chosen, outcome.nextIteration ?? at.iteration) };
}
