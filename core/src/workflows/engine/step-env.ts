import type { SqlExecutor } from '../../db';
import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { OutboundRequest, OutboundResponse } from '../../outbound';
import type { RecordWriter, WriteContext } from '../../records';
import type { EvaluatedSettings, EvaluationEnv } from './evaluate-settings';
import type { WorkflowMailPort } from './workflow-mail';

/** What a step did or, in a dry run, would do outside its own output. */
export type StepEffect =
  | { kind: 'create'; object: string; id: string; values: Record<string, unknown> }
  | { kind: 'update'; object: string; id: string; values: Record<string, unknown> }
  | { kind: 'delete'; object: string; id: string }
  | { kind: 'email'; to: string[]; subject: string; body: string }
  | { kind: 'http'; method: string; url: string; headers: Record<string, string>; body: string | null }
  | { kind: 'notify'; userId: string; title: string; body: string | null }
  | { kind: 'assign'; object: string; id: string; ownerId: string };

/** What a step runs with: the run, a record writer inside the step's transaction, the outside world. */
export interface StepEnv {
  runId: string;
  workflowId: string;
  /** The trigger record's id and its object's id, when a record started the run. */
  recordId: string | null;
  objectId: string | null;
  /** The loop item path of this step ('' outside loops). */
  iteration: string;
  snapshot: WorkspaceSnapshot;
  tx: SqlExecutor;
  writer: RecordWriter;
  /** The workflow's actor: writes are audited `via: workflow` with the run id as actor id. */
  ctx: WriteContext;
  /** The guarded client; null in a dry run, where HTTP steps only say what they would send. */
  fetch: ((request: OutboundRequest) => Promise<OutboundResponse>) | null;
  /** The mail transport; null when the node has none. */
  mail: WorkflowMailPort | null;
  evaluation: EvaluationEnv;
  /** Unique per step attempt; sent to the other side so a retried call can be recognised. */
  idempotencyKey: string;
  now: Date;
  /** Each step reports what it changes outside its output here (the dry run shows them). */
  effects: StepEffect[];
}

export interface StepOutcome {
  output: unknown;
  /** Where the run goes next: a step key, null to end, undefined for the step's `next`. */
  next?: string | null;
  /** The loop item path the next step runs at (a loop step entering its body); default this step's. */
  nextIteration?: string;
  /** Not before this time (waits). */
  runAt?: Date;
}

export type Executor = (
  settings: EvaluatedSettings,
  env: StepEnv,
  stored: Record<string, unknown>,
) => Promise<StepOutcome>;

/** A setting that must hold a non-empty text. */
export function requiredText(value: unknown, setting: string, env: StepEnv): string {
  if (typeof value === 'string' && value !== '') return value;
  throw badInput(`steps.${env.evaluation.step}.${setting}`, `Step "${env.evaluation.step}": ${setting} is empty.`);
}

/** The bad-input error of a step's setting, naming both. */
export const stepInputError = (env: StepEnv, setting: string, message: string) =>
  badInput(
    `steps.${env.evaluation.step}.${setting}`,
    `Step "${env.evaluation.step}", setting "${setting}": ${message}`,
    {
      step: env.evaluation.step,
      setting,
    },
  );
