import type { SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import { type ModelRun, runModelIn } from './model-run';

/**
 * Runs every scoring model of the snapshot's workspace once, now, inside `tx`: after a bulk load
 * (a template's seed, in the seed's own transaction), so scores and stages are there at once
 * rather than at the next hourly tick. Models run in name order, so a run is repeatable.
 */
export async function runScoringModels(tx: SqlExecutor, snapshot: WorkspaceSnapshot): Promise<ModelRun[]> {
  const { rows } = await tx.query<{ id: string }>(
    'select id from relata.scoring_models where workspace_id = $1 order by name',
    [snapshot.workspaceId],
  );
  const runs: ModelRun[] = [];
  for (const row of rows) runs.push(await runModelIn(tx, snapshot, row.id));
  return runs;
}
