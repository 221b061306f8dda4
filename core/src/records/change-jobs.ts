import { z } from 'zod';
import type { SqlExecutor } from '../db';
import type { ChangeEvent } from '../events';
import { enqueueJobs, type JobSpec } from '../jobs';
import type { WorkspaceSnapshot } from '../metadata';
import type { AfterHook, CommittedWrite } from './record-hooks';
import type { RecordValues, WriteContext } from './record-service-contract';
import { chunk } from './record-sql';

/** Task of the jobs that carry committed writes to their consumers (after-hooks; next, workflows and webhooks). */
export const CHANGE_JOB_TASK = 'record:changed';

/** Writes per job: a bulk create of thousands becomes a few jobs, each small enough to retry whole. */
export const WRITES_PER_JOB = 500;

/** A committed write as it travels in a job: everything but the context, which the worker rebuilds. */
export type QueuedWrite = Omit<CommittedWrite, 'ctx'>;

/** How often a failing consumer is tried before its job is kept as failed (graphile-worker backs off exponentially). */
export const CHANGE_JOB_ATTEMPTS = 10;

/** The change jobs of committed writes of one object (a job per WRITES_PER_JOB writes). */
export function changeJobSpecs(ctx: WriteContext, object: string, writes: readonly QueuedWrite[]): JobSpec[] {
  return chunk(writes, WRITES_PER_JOB).map((slice) => ({
    task: CHANGE_JOB_TASK,
    maxAttempts: CHANGE_JOB_ATTEMPTS,
    payload: { workspaceId: ctx.snapshot.workspaceId, object, actor: ctx.actor, via: ctx.via, writes: slice },
  }));
}

/**
 * Enqueues the committed writes of one object in the write's own transaction, so consumers see a
 * write exactly when it commits. Callers enqueue only when consumers exist: with none, a write
 * pays nothing for the queue.
 */
export async function enqueueChangeJobs(
  tx: SqlExecutor,
  ctx: WriteContext,
  object: string,
  writes: readonly QueuedWrite[],
): Promise<void> {
  await enqueueJobs(tx, changeJobSpecs(ctx, object, writes));
}

/** An object, kept as parsed: copying it key by key would let a `__proto__` key reach a prototype. */
const values = z.custom<RecordValues>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));

const changeJobPayload = z.object({
  workspaceId: z.string(),
  object: z.string(),
  actor: z.object({
    kind: z.enum(['user', 'apiKey', 'portal', 'plugin', 'system']),
    id: z.string().nullable(),
    role: z.string(),
  }),
  via: z.enum(['api', 'studio', 'import', 'workflow', 'plugin', 'system', 'recycle-bin']),
  writes: z.array(
    z.object({
      kind: z.enum(['create', 'update', 'softDelete', 'restore', 'destroy']),
      object: z.string(),
      id: z.string(),
      data: values,
      before: values.optional(),
      record: values.nullable(),
      event: z.custom<ChangeEvent>((v) => typeof v === 'object' && v !== null),
    }),
  ),
});

/** What a worker runs change jobs with. */
export interface ChangeConsumers {
  hooks: readonly AfterHook[];
  /** The workspace's current metadata (the runtime keeps it cached per version). */
  snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot>;
}

/**
 * Runs one change job: every after-hook for every write, with the workspace's current metadata.
 * Hooks run at least once: when one fails, the job fails and is retried whole (the others run
 * again), so hooks must be idempotent. Throws with every failure in it.
 */
export async function runChangeJob({ hooks, snapshotOf }: ChangeConsumers, payload: unknown): Promise<void> {
  const job = changeJobPayload.parse(payload);
  if (hooks.length === 0) return;
  const ctx: WriteContext = { snapshot: await snapshotOf(job.workspaceId), actor: job.actor, via: job.via };
  const failures: unknown[] = [];
  for (const write of job.writes) {
    for (const hook of hooks) {
      try {
        await hook({ ...write, ctx });
      } catch (error) {
        console.error(`after-hook failed for ${write.kind} ${write.object} ${write.id}`, error);
        failures.push(error);
      }
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} after-hook call(s) failed`);
}
