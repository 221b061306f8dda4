import type { Database, SqlExecutor } from '../db';
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
}

const COLUMNS = 'id, status, done, total, label';

/**
 * Counts an apply's steps in `relata.bundle_apply_progress` under `id` (the caller's, so it can
 * poll from the start). Writes go through `db`, outside the apply's transaction, one after the
 * other, and only when the count moves by a hundredth of the steps: a 2000-step apply writes
 * ~100 times. `finish` waits for them and records the outcome.
 */
export async function applyProgress(db: Database, workspaceId: string, id: string) {
  await db.query(
    `insert into relata.bundle_apply_progress (id, workspace_id) values ($1, $2)
     on conflict (id) do nothing`,
    [id, workspaceId],
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
    async finish(status: 'DONE' | 'FAILED', total: number | null): Promise<void> {
      await chain.catch(() => undefined);
      await db.query(
        `update relata.bundle_apply_progress
            set status = $3, done = coalesce($4, done), total = coalesce($4, total), label = lower($3), updated_at = now()
          where id = $1 and workspace_id = $2`,
        [id, workspaceId, status, total],
      );
    },
  };
}

/** The apply `id` of `workspaceId`, or null (another workspace's is never shown). */
export async function readApplyProgress(
  db: SqlExecutor,
  workspaceId: string,
  id: string,
): Promise<BundleApplyProgress | null> {
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
