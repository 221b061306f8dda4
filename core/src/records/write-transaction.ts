import type { Database, TransactionExecutor } from '../db';
import type { EventBus } from '../events';
import { type RecordChange, writeChangeLog } from './change-log';
import { mapDatabaseError } from './database-errors';
import type { InputMode } from './field-value-schema';
import { type AfterHook, type BeforeHook, runAfterHooks, type WriteOperation } from './record-hooks';
import { validateRecordInput } from './record-input';
import type { WriteModel } from './write-model';

/** What every write step shares: the database, the bus and the composed hooks. */
export interface WriteDeps {
  db: Database;
  events: EventBus;
  /** Composed before-hook pipeline; null when there are none (bulk writes skip the loop). */
  before: BeforeHook | null;
  after: readonly AfterHook[];
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
  deps: WriteDeps,
  model: WriteModel,
  ops: WriteOperation[],
  pathOf: (index: number) => string,
): Promise<WriteOperation[]> {
  const hook = deps.before;
  if (!hook) return ops;
  const out: WriteOperation[] = [];
  for (const [index, op] of ops.entries()) {
    const next = await hook(op);
    const mode: InputMode | null = op.kind === 'create' || op.kind === 'update' ? op.kind : null;
    const data = mode && next.data !== op.data ? validateRecordInput(model, next.data, mode, pathOf(index)) : op.data;
    out.push({ ...op, data });
  }
  return out;
}

/**
 * Appends audit, outbox and NOTIFY for the changes inside the transaction, and schedules
 * the bus events and after-hooks for after commit (a rollback drops them).
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
  await writeChangeLog(tx, ctx, model.object.nameSingular, changes);
  tx.afterCommit(async () => {
    for (const { event } of changes) {
      try {
        deps.events.publish(event);
      } catch (error) {
        console.error(`change listener failed for ${event.object} ${event.recordId}`, error);
      }
    }
    if (deps.after.length === 0) return;
    const writes = ops.map((op, i) => ({ ...op, record: changes[i]!.record, event: changes[i]!.event }));
    await runAfterHooks(deps.after, writes);
  });
}
