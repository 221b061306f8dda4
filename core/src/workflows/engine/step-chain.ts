import { executeStep, type StepCall, type StepTrace } from './execute-step';
import type { LoggedOutput, Position } from './run-flow';

/**
 * Step types whose whole work is inside the run's database transaction (records, tasks,
 * notifications, a mail's delivery job, control flow). After one of these, the next such step
 * runs in the same transaction instead of a job of its own: one commit and one run-log write for
 * the chain. HTTP requests, plugin actions and waits always start a job of their own, so a call
 * to the outside world is never repeated because a later step failed.
 */
const IN_TRANSACTION_STEPS: ReadonlySet<string> = new Set([
  'condition',
  'create_record',
  'create_task',
  'update_records',
  'find_records',
  'delete_record',
  'send_email',
  'notify_user',
  'assign_owner',
  'loop',
  'wait',
]);

/** Whether `step` of the version runs inside a chain's transaction (see IN_TRANSACTION_STEPS). */
export function runsInTransaction(analysis: ChainCall['analysis'], step: string): boolean {
  const type = analysis.stepTypes.get(step)?.type;
  return type !== undefined && IN_TRANSACTION_STEPS.has(type);
}

/** Steps one transaction runs at most (a loop over a thousand items still commits as it goes). */
export const MAX_CHAIN_STEPS = 50;

/** One step attempt the chain did, as the run log keeps it. */
export interface ChainedStep {
  at: Position;
  attempt: number;
  input: unknown;
  output: unknown;
  startedAt: Date;
  durationMs: number;
}

export interface ChainResult {
  done: ChainedStep[];
  /** Where the run goes on in a job of its own; null: the run is finished. */
  next: Position | null;
  /** Not before this time (a wait step). */
  runAt?: Date;
}

/** A step of the chain failed; `index` 0 is the chain's first step. The transaction must roll back. */
export class ChainFailure extends Error {
  constructor(
    readonly index: number,
    readonly trace: StepTrace,
    readonly startedAt: Date,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** What a chain runs with: a step call without its position, attempt, clock and earlier outputs. */
export type ChainCall = Omit<StepCall, 'at' | 'attempt' | 'logged' | 'now'>;

/**
 * Runs the step at `start`, then the steps after it while they are in-transaction steps, inside
 * the caller's transaction, up to `maxSteps`. The caller writes the run log and the run's new
 * state once, in the same transaction, so the chain commits whole or not at all.
 */
export async function runChain(
  call: ChainCall,
  start: { at: Position; attempt: number },
  logged: readonly LoggedOutput[],
  maxSteps: number,
): Promise<ChainResult> {
  const done: ChainedStep[] = [];
  let outputs = logged;
  let { at, attempt } = start;
  for (;;) {
    const startedAt = new Date();
    const trace: StepTrace = { input: null, effects: [] };
    let result: Awaited<ReturnType<typeof executeStep>>;
    try {
      result = await executeStep({ ...call, at, attempt, logged: outputs, now: startedAt }, trace);
    } catch (error) {
      throw new ChainFailure(done.length, trace, startedAt, error);
    }
    const { outcome, next } = result;
    done.push({
      at,
      attempt,
      input: trace.input,
      output: outcome.output,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    });
    if (!next) return { done, next: null };
    if (outcome.runAt) return { done, next, runAt: outcome.runAt };
    if (done.length >= maxSteps || !runsInTransaction(call.analysis, next.step)) return { done, next };
    outputs = [...outputs, { step_key: at.step, iteration: at.iteration, output: outcome.output }];
    at = next;
    attempt = 1;
  }
}
