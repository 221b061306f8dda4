import { type Database, qualify, type TransactionExecutor } from '../db';
import { isRelataError } from '../errors';
import type { EventBus } from '../events';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { type Actor, createRecordService, type RecordHooks, type WriteContext } from '../records';
import { listWorkspaces, loadSnapshot } from '../workspace';
import { savepointDatabase } from './savepoint-database';

/** Key of the advisory lock that lets one node at a time purge (per batch transaction). */
const PURGE_LOCK = 'relata:recycle-bin-purge';

/** Who purges: the system itself, recorded in the audit log with via `recycle-bin`. */
const PURGER: Actor = { kind: 'system', id: null, role: 'admin' };

export interface PurgeOptions {
  db: Database;
  /** Bus the DESTROYED events are published on once each batch commits. */
  events: EventBus;
  /** The record service's hooks, so purges run the same pipeline as any destroy. */
  hooks?: Partial<RecordHooks>;
  /** Soft-deleted records older than this many days are destroyed. */
  retentionDays: number;
  /** Records destroyed per transaction. @default 200 */
  batchSize?: number;
}

export interface PurgeResult {
  /** Records destroyed. */
  purged: number;
  /** Records due but refused by the record service (e.g. still referenced through a RESTRICT relation). */
  kept: number;
  /** False when another node held the purge lock, so this run stopped early. */
  complete: boolean;
}

interface BatchResult {
  seen: number;
  last: string | null;
  purged: number;
  kept: number;
}

/**
 * Destroys the due rows of one object after `after` (by id), up to `batchSize`, in one
 * transaction holding the purge lock: each destroy goes through the record service (audit,
 * change jobs, events, relation rules) in a savepoint. Null when another node holds the lock.
 */
async function purgeBatch(
  tx: TransactionExecutor,
  options: PurgeOptions & { batchSize: number },
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  after: string | null,
): Promise<BatchResult | null> {
  const lock = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock(hashtext($1)) as locked', [
    PURGE_LOCK,
  ]);
  if (!lock.rows[0]?.locked) return null;
  // FOR UPDATE: a restore racing with the purge waits, then finds the record gone (or the
  // purge skips a row a restore already locked, and it stays).
  const { rows } = await tx.query<{ id: string }>(
    `select id from ${qualify(snapshot.schemaName, object.tableName)}
      where deleted_at < now() - make_interval(days => $1) and ($2::uuid is null or id > $2::uuid)
      order by id limit $3 for update skip locked`,
    [options.retentionDays, after, options.batchSize],
  );
  const records = createRecordService({ db: savepointDatabase(tx), events: options.events, hooks: options.hooks });
  const ctx: WriteContext = { snapshot, actor: PURGER, via: 'recycle-bin' };
  const result: BatchResult = { seen: rows.length, last: rows.at(-1)?.id ?? null, purged: 0, kept: 0 };
  for (const { id } of rows) {
    try {
      await records.destroy(ctx, object.nameSingular, id);
      result.purged++;
    } catch (error) {
      if (!isRelataError(error)) throw error;
      result.kept++;
      console.warn(`recycle bin: kept ${object.nameSingular} ${id}: ${error.message}`);
    }
  }
  return result;
}

/**
 * Hard-deletes soft-deleted records older than `retentionDays`, workspace by workspace and
 * object by object, in batches of one transaction each. Safe to run on several nodes at once:
 * a batch runs only under the purge advisory lock, and its rows are locked, so no record is
 * destroyed twice.
 */
export async function purgeRecycleBin(options: PurgeOptions): Promise<PurgeResult> {
  const settings = { ...options, batchSize: options.batchSize ?? 200 };
  const total: PurgeResult = { purged: 0, kept: 0, complete: true };
  for (const workspace of await listWorkspaces(options.db)) {
    const snapshot = await loadSnapshot(options.db, workspace.id);
    for (const object of snapshot.objects) {
      let after: string | null = null;
      for (;;) {
        const batch = await options.db.transaction((tx) => purgeBatch(tx, settings, snapshot, object, after));
        if (!batch) return { ...total, complete: false };
        total.purged += batch.purged;
        total.kept += batch.kept;
        if (batch.seen < settings.batchSize) break;
        after = batch.last;
      }
    }
  }
  return total;
}
