import { z } from 'zod';
import type { JobSpec } from '../../jobs';

/** Task of the jobs that run one attempt of one step of a run. */
export const WORKFLOW_STEP_TASK = 'workflow:step';

export const stepJobPayload = z.object({
  runId: z.guid(),
  step: z.string(),
  attempt: z.number().int().min(1),
  /** Inside loops, the item path (`2`, `2.0` nested); '' outside. */
  iteration: z.string().default(''),
});
export type StepJob = z.infer<typeof stepJobPayload>;

/** Attempts of a failing step before the run is marked failed (retryable from that step). */
export const STEP_ATTEMPTS = 3;
/** Base delay of the step retries: 2 s, then 4 s... each with ±50% jitter. */
export const RETRY_BASE_MS = 2_000;

/** Delay before attempt `attempt + 1`: exponential, jittered so failures do not retry in lockstep. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(RETRY_BASE_MS * 2 ** (attempt - 1) * (0.5 + random()));
}

/**
 * The job of one step attempt. Its key is per attempt: a job delivered twice is one job, and a
 * retry is a new one.
 */
export function stepJobSpec(job: z.input<typeof stepJobPayload>, runAt?: Date): JobSpec {
  const iteration = job.iteration ?? '';
  return {
    task: WORKFLOW_STEP_TASK,
    payload: { ...job, iteration },
    key: `workflow:${job.runId}:${job.step}:${iteration}:${job.attempt}`,
    // Step failures are retried by the engine (with jitter); these cover the engine's own failures.
    maxAttempts: 5,
    runAt,
  };
}
