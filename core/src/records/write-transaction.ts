import type { Database, TransactionExecutor } from '../db';
import type { EventBus } from '../events';
import { changeJobSpecs, enqueueChangeJobs } from './change-jobs';
import { changeLogEntries, type RecordChange, writeChangeLog } from './change-log';
import { mapDatabaseError } from './database-errors';
import type { DeferredChanges } from './deferred-changes';
import type { InputMode } from './field-value-schema';
import type { AfterHook, BeforeHook, HookInterest, WriteOperation } from './record-hooks';
import { validateRecordInput } from './record-input';
import type { WriteModel } from './write-model';

/** What every write step shares: the database, the bus and the composed hooks. */
export interface WriteDeps {
  db: Database;
  events: EventBus;
  /** Composed before-hook pipeline; null when there are none (bulk writes skip the loop). */
  before: BeforeHook | null;
  /** Run by the job queue's workers (change jobs are enqueued only when there are any). */
  after: readonly AfterHook[];
  /** Narrows both to the writes they concern (see `RecordHooks.concerns`). */
  concerns: HookInterest | null;
  /** Set: audit rows, NOTIFYs and change jobs are held here for the caller's own statement. */
  deferred: DeferredChanges | null;
}

/** Runs `work` in one transaction and turns constraint errors into field-naming RelataErrors. */
export async function runWrite<T>(
  deps: WriteDeps,
  model: WriteModel,
  work: (tx: TransactionExecutor) => Promise<T>,
): Promise<T> {
  try {
    return await deps.db.transaction(work);
  } catch (error) {
    throw mapDatabaseError(error, model);
  }
}

/**
 * Passes each operation through the before-hooks. A hook that replaced `data` of a create
 * or update gets it validated again, so hooks cannot smuggle in what input may not hold.
 */
export async function applyBeforeHooks(
  tx: TransactionExecutor,
  deps: WriteDeps,
  model: WriteModel,
  ops: WriteOperation[],
  pathOf: (index: number) => string,
): Promise<WriteOperation[]> {
  const hook = deps.before;
  const first = ops[0];
  if (!hook || !first || !hooksConcern(deps, first, 'before')) return ops;
  const out: WriteOperation[] = [];
  for (const [index, op] of ops.entries()) {
    const next = await hook(op, tx);
    const mode: InputMode | null = op.kind === 'create' || op.kind === 'update' ? op.kind : null;
    const data = mode && next.data !== op.data ? validateRecordInput(model, next.data, mode, pathOf(index)) : op.data;
    out.push({ ...op, data });
  }
  return out;
}

/**
 * Appends audit rows, NOTIFY and (when after-hooks exist) change jobs for the changes inside the
 * transaction, and schedules the bus events for after commit (a rollback drops them all).
 */
export async function recordChanges(
  tx: TransactionExecutor,
  deps: WriteDeps,
  model: WriteModel,
  ops: readonly WriteOperation[],
  changes: readonly RecordChange[],
): Promise<void> {
  const ctx = ops[0]?.ctx;
  if (!ctx) return;
  const object = model.object.nameSingular;
  const writes =
    deps.after.length > 0 && hooksConcern(deps, ops[0]!, 'after')
      ? ops.map(({ ctx: _, ...op }, i) => ({ ...op, record: changes[i]!.record, event: changes[i]!.event }))
      : [];
  if (deps.deferred) {
    deps.deferred.entries.push(...changeLogEntries(ctx, object, changes));
    deps.deferred.jobs.push(...changeJobSpecs(ctx, object, writes));
  } else {
    await writeChangeLog(tx, ctx, object, changes);
    if (writes.length > 0) await enqueueChangeJobs(tx, ctx, object, writes);
  }
  tx.afterCommit(() => {
    for (const { event } of changes) {
      try {
        deps.events.publish(event);
      } catch (error) {
        console.error(`change listener failed for ${event.object} ${event.recordId}`, error);
      }
    }
  });
}

/** Whether hooks of `phase` concern the write of `op` (all of one call's operations share object and workspace). */
function hooksConcern(deps: WriteDeps, op: WriteOperation, phase: 'before' | 'after'): boolean {
  return deps.concerns?.(op.ctx.snapshot, op.object, phase) ?? true;
}
