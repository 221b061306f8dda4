import { IN_TRANSACTION_STEPS, MAX_CHAIN_STEPS } from '../steps';
import { executeStep, type StepCall, type StepTrace } from './execute-step';
import type { LoggedOutput, Position } from './run-flow';

/** Whether `step` of the version runs inside a chain's transaction (see IN_TRANSACTION_STEPS). */
export function runsInTransaction(analysis: ChainCall['analysis'], step: string): boolean {
  const type = analysis.stepTypes.get(step)?.type;
  return type !== undefined && IN_TRANSACTION_STEPS.has(type);
}

export { MAX_CHAIN_STEPS };

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
    /** The step that failed, when known: the run log names it, whichever step the run retries from. */
    readonly at?: Position,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }

  /**
   * The failure as its chain's first step's: an atomic workflow's run keeps none of the steps
   * before the failing one (they are not run again alone) and retries from the chain's start.
   * It still names the step that failed (`at`).
   */
  whole(): ChainFailure {
    return new ChainFailure(0, this.trace, this.startedAt, this.cause, this.at);
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
      throw new ChainFailure(done.length, trace, startedAt, error, at);
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
