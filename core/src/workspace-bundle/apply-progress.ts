import { type Database, ownerLockFree, ownerName, type SqlExecutor, withOwnerLock } from '../db';
import { conflict } from '../errors';
import type { PlannedStep } from './workspace-bundle-service';

/** Where a bundle apply is, as the studio polls it. */
export interface BundleApplyProgress {
  id: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  /** Steps applied so far, of `total` (0 of 0 while it plans). */
  done: number;
  total: number;
  /** What is being done: `planning`, or the step running (`update field deal.stage`). */
  label: string;
  /** Why it failed, when it did (the error, or that its process died midway). */
  error: string | null;
}

const COLUMNS = 'id, status, done, total, label, error';

/**
 * Counts an apply's steps in `relata.bundle_apply_progress` under `id` (the caller's, so it can
 * poll from the start). Writes go through `db`, outside the apply's transaction, one after the
 * other, and only when the count moves by a hundredth of the steps: a 2000-step apply writes
 * ~100 times. `finish` waits for them and records the outcome.
 */
async function applyProgress(db: Database, workspaceId: string, id: string) {
  await db.query(
    `insert into relata.bundle_apply_progress (id, workspace_id, owner) values ($1, $2, $3)
     on conflict (id) do nothing`,
    [id, workspaceId, ownerName()],
  );
  let chain: Promise<unknown> = Promise.resolve();
  let last = -1;
  const write = (done: number, total: number, label: string) => {
    chain = chain.then(() =>
      db.query(
        `update relata.bundle_apply_progress set done = $3, total = $4, label = $5, updated_at = now()
          where id = $1 and workspace_id = $2 and status = 'RUNNING'`,
        [id, workspaceId, done, total, label],
      ),
    );
  };
  return {
    onStep(index: number, total: number, step: PlannedStep): void {
      if (last >= 0 && index - last < Math.max(1, Math.floor(total / 100))) return;
      last = index;
      write(index, total, `${step.kind} ${step.target}`);
    },
    async finish(status: 'DONE' | 'FAILED', total: number | null, error: string | null = null): Promise<void> {
      await chain.catch(() => undefined);
      await db.query(
        `update relata.bundle_apply_progress
            set status = $3, done = coalesce($4, done), total = coalesce($4, total), label = lower($3),
                error = $5, updated_at = now()
          where id = $1 and workspace_id = $2`,
        [id, workspaceId, status, total, error],
      );
    },
  };
}

/**
 * Runs an apply counted under `id` (see applyProgress), owned by this process: it holds the row's
 * owner lock while it runs, so a process that dies midway leaves a row the next read marks FAILED
 * with the reason (failAbandonedApplies) instead of RUNNING for ever.
 * @throws CONFLICT when an apply under this id is running in a live process
 */
export async function trackedApply<T extends { steps: readonly unknown[] }>(
  db: Database,
  workspaceId: string,
  id: string,
  apply: (onStep: (index: number, total: number, step: PlannedStep) => void) => Promise<T>,
): Promise<T> {
  const owned = await withOwnerLock(db, 'bundleApply', id, async () => {
    const progress = await applyProgress(db, workspaceId, id);
    try {
      const plan = await apply(progress.onStep);
      await progress.finish('DONE', plan.steps.length);
      return plan;
    } catch (error) {
      await progress.finish('FAILED', null, error instanceof Error ? error.message : String(error));
      throw error;
    }
  });
  if (!owned.owned)
    throw conflict('An apply with this progressId is running: choose another.', { field: 'progressId' });
  return owned.value;
}

/**
 * Marks FAILED, with the reason, the applies of `workspaceId` (every workspace's when null; one,
 * given `id`) left RUNNING by a process that ended midway: their owner lock is free. Their
 * transaction was rolled back with the connection. Answers how many.
 */
export async function failAbandonedApplies(
  db: SqlExecutor,
  workspaceId: string | null,
  id: string | null = null,
): Promise<number> {
  const { rowCount } = await db.query(
    `with candidates as materialized (
       select id from relata.bundle_apply_progress
        where status = 'RUNNING' and owner is not null
          and ($1::uuid is null or workspace_id = $1) and ($2::uuid is null or id = $2)
     ), abandoned as materialized (
       select id from candidates where ${ownerLockFree('bundleApply', 'id')}
     )
     update relata.bundle_apply_progress p
        set status = 'FAILED', label = 'failed', updated_at = now(),
            error = 'The apply stopped before it finished: the process running it (' || p.owner ||
              ') ended (killed, crashed or lost its database connection). Nothing was applied (one transaction).'
       from abandoned a where p.id = a.id and p.status = 'RUNNING'`,
    [workspaceId, id],
  );
  return rowCount ?? 0;
}

/** The apply `id` of `workspaceId`, or null (another workspace's is never shown); FAILED if its process died. */
export async function readApplyProgress(
  db: SqlExecutor,
  workspaceId: string,
  id: string,
): Promise<BundleApplyProgress | null> {
  await failAbandonedApplies(db, workspaceId, id);
  const { rows } = await db.query<BundleApplyProgress>(
    `select ${COLUMNS} from relata.bundle_apply_progress where id = $1 and workspace_id = $2`,
    [id, workspaceId],
  );
  return rows[0] ?? null;
}

/**
 * Deletes the progress rows of applies that finished (DONE or FAILED) more than `days` days ago;
 * answers how many went. A RUNNING row stays: its apply may still be polled.
 */
export async function pruneApplyProgress(db: SqlExecutor, days: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from relata.bundle_apply_progress
      where status <> 'RUNNING' and updated_at < now() - make_interval(days => $1::int)`,
    [days],
  );
  return rowCount ?? 0;
}
