import { z } from 'zod';
import type { JobSpec } from '../jobs';

/** Task of the jobs that make one attempt of one webhook delivery. */
export const WEBHOOK_DELIVERY_TASK = 'webhook:deliver';

export const deliveryJobPayload = z.object({ deliveryId: z.guid(), attempt: z.number().int().min(1) });
export type DeliveryJob = z.infer<typeof deliveryJobPayload>;

/** Attempts of one delivery before it counts as failed. */
export const DELIVERY_ATTEMPTS = 5;
/** Failed deliveries in a row after which the subscription is switched off. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 3;
/** Base delay of the retries: 30 s, 1 min, 2 min, 4 min, each ±50% jitter. */
export const DELIVERY_RETRY_BASE_MS = 30_000;

/** Delay before attempt `attempt + 1`: exponential with jitter, so failing receivers are not hammered in step. */
export function deliveryRetryDelayMs(attempt: number, baseMs = DELIVERY_RETRY_BASE_MS, random = Math.random): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + random()));
}

/** The job of one attempt; its key is per attempt, so a job delivered twice is one attempt. */
export function deliveryJobSpec(job: DeliveryJob, runAt?: Date): JobSpec {
  return {
    task: WEBHOOK_DELIVERY_TASK,
    payload: job,
    key: `webhook:${job.deliveryId}:${job.attempt}`,
    // Receiver failures are retried by the delivery itself; these cover the worker's own failures.
    maxAttempts: 3,
    runAt,
  };
}
