import type { Database } from '../db';
import type { EventBus } from '../events';
import { createRecords } from './create-records';
import type { DeferredChanges } from './deferred-changes';
import { destroyRecord, setRecordDeleted, updateRecordValues } from './modify-records';
import { composeHooks, type RecordHooks } from './record-hooks';
import type { RecordWriter } from './record-service-contract';
import type { WriteDeps } from './write-transaction';

export interface RecordServiceOptions {
  db: Database;
  /** Bus the committed changes are published on (after commit only). */
  events: EventBus;
  /** In-process hooks; workflows and plugins attach here. */
  hooks?: Partial<RecordHooks>;
  /**
   * Only for a writer working inside one transaction of its caller (`db` is that transaction):
   * its writes' audit rows, NOTIFYs and change jobs are held here for the caller to write in a
   * statement of its own before it commits, instead of one statement per write. @default none
   */
  deferred?: DeferredChanges;
}

/**
 * The record service: the only write path to object tables. Each call is one
 * transaction (validation, before-hooks, SQL, junction rows, audit, NOTIFY, change
 * jobs); bus events are published once it has committed, after-hooks run from the job queue.
 */
export function createRecordService(options: RecordServiceOptions): RecordWriter {
  const before = options.hooks?.before ?? [];
  const deps: WriteDeps = {
    db: options.db,
    events: options.events,
    before: before.length > 0 ? composeHooks(before) : null,
    after: options.hooks?.after ?? [],
    concerns: options.hooks?.concerns ?? null,
    deferred: options.deferred ?? null,
  };
  return {
    create: async (ctx, object, data) => (await createRecords(deps, ctx, object, [data], () => 'data'))[0]!,
    createMany: (ctx, object, data) => createRecords(deps, ctx, object, data, (i) => `data[${i}]`),
    update: (ctx, object, id, data, expectedVersion) =>
      updateRecordValues(deps, ctx, object, id, data, expectedVersion),
    softDelete: (ctx, object, id) => setRecordDeleted(deps, ctx, object, id, true),
    restore: (ctx, object, id) => setRecordDeleted(deps, ctx, object, id, false),
    destroy: (ctx, object, id) => destroyRecord(deps, ctx, object, id),
  };
}
