import { z } from 'zod';
import type { Database } from '../db';
import { enqueueJobs } from '../jobs';
import type { WorkspaceSnapshot } from '../metadata';
import { runModel } from './model-run';

/** Task of the clock's tick: queues one run per scoring model of every workspace. */
export const SCORING_TICK_TASK = 'analytics:scoring-tick';
/** Task of one model's run. */
export const SCORING_RUN_TASK = 'analytics:scoring-run';
/** Hourly at :20 (graphile-worker's crontab fires each tick once across nodes). */
export const SCORING_CRONTAB = `20 * * * * ${SCORING_TICK_TASK}\n`;

const runPayload = z.object({ workspaceId: z.uuid(), modelId: z.uuid() });

/** The job of one model's run: keyed by model, so a run still queued is replaced, not doubled. */
const runJob = (workspaceId: string, modelId: string) => ({
  task: SCORING_RUN_TASK,
  payload: { workspaceId, modelId },
  key: `scoring:${modelId}`,
  maxAttempts: 3,
});

/**
 * Queues a run of every scoring model, one job each (a run still queued from the last tick is
 * replaced, not doubled). One statement whatever the number of models.
 */
export async function queueScoringRuns(db: Database): Promise<number> {
  const { rows } = await db.query<{ id: string; workspace_id: string }>(
    'select id, workspace_id from relata.scoring_models order by workspace_id, id',
  );
  await enqueueJobs(
    db,
    rows.map((r) => runJob(r.workspace_id, r.id)),
  );
  return rows.length;
}

/** Runs the model of a queued job (a model deleted since is skipped: nothing left to score). */
export async function runScoringJob(
  db: Database,
  snapshotOf: (workspaceId: string) => Promise<WorkspaceSnapshot>,
  payload: unknown,
): Promise<void> {
  const { workspaceId, modelId } = runPayload.parse(payload);
  const { rows } = await db.query('select 1 from relata.scoring_models where id = $1', [modelId]);
  if (rows.length === 0) return;
  await runModel(db, await snapshotOf(workspaceId), modelId);
}
