import type { Database } from '../db';
import { loadSnapshot } from '../workspace';
import { type ModelRun, runModel } from './model-run';

/**
 * Runs every scoring model of a workspace once, now (each in its own transaction, as a scheduled
 * run would): after a bulk load, so scores and stages are there at once rather than at the next
 * hourly tick. Models run in name order, so a run is repeatable.
 */
export async function runScoringModels(db: Database, workspaceId: string): Promise<ModelRun[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from relata.scoring_models where workspace_id = $1 order by name',
    [workspaceId],
  );
  const snapshot = await loadSnapshot(db, workspaceId);
  const runs: ModelRun[] = [];
  for (const row of rows) runs.push(await runModel(db, snapshot, row.id));
  return runs;
}
