import type { SqlExecutor } from '../db';
import type { ChangeEvent } from '../events';
import type { WorkspaceSnapshot } from '../metadata';
import type { RecordValues, WriteContext } from './record-service-contract';

/** The write a hook sees. Delete-like kinds carry empty `data`. */
export type WriteKind = 'create' | 'update' | 'softDelete' | 'restore' | 'destroy';

export interface WriteOperation {
  kind: WriteKind;
  /** `nameSingular` of the object. */
  object: string;
  /** Record id; for `create` the id the record will get. */
  id: string;
  /** Validated input in API form. */
  data: RecordValues;
  /** The stored record before the write (absent on create). */
  before?: RecordValues;
  ctx: WriteContext;
}

/**
 * Runs inside the write's transaction before the SQL. Returns the operation (changed or
 * not) or throws to refuse the write; only a changed `data` is honoured, and it is
 * validated again. `tx` is the write's transaction: what a hook must read or write in the
 * database on the write's behalf goes through it, not through another pooled connection (a
 * write waiting for a second connection can starve the pool).
 */
export type BeforeHook = (op: WriteOperation, tx: SqlExecutor) => WriteOperation | Promise<WriteOperation>;

/** A write after its transaction committed. */
export interface CommittedWrite extends WriteOperation {
  /** The record as stored; null once destroyed. */
  record: RecordValues | null;
  event: ChangeEvent;
}

/**
 * Runs after commit, from a job-queue worker (any node), at least once: a failure never undoes or
 * fails the write; it fails the job, which is retried with back-off.
 */
export type AfterHook = (write: CommittedWrite) => void | Promise<void>;

/** Which hooks a question is about: the before-hook pipeline or the after-hooks (change jobs). */
export type HookPhase = 'before' | 'after';

/**
 * Whether any hook of `phase` concerns writes of `object` in the snapshot's workspace. Asked
 * inside every write, so it must be a lookup in memory (workflows and plugins are per workspace).
 */
export type HookInterest = (snapshot: WorkspaceSnapshot, object: string, phase: HookPhase) => boolean;

export interface RecordHooks {
  before: BeforeHook[];
  after: AfterHook[];
  /**
   * Narrows the hooks to the writes they concern: a write no before-hook concerns skips the
   * pipeline, and one no after-hook concerns enqueues no change job. Absent: every write.
   */
  concerns?: HookInterest;
}

/** Chains before-hooks in order: each receives what the previous one returned. */
export function composeHooks(hooks: readonly BeforeHook[]): BeforeHook {
  return async (op, tx) => {
    let current = op;
    for (const hook of hooks) current = await hook(current, tx);
    return current;
  };
}
