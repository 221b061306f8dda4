import { z } from 'zod';
import { type Database, qualify, type SqlExecutor } from '../db';
import { enqueueJobs } from '../jobs';
import { indexSnapshot, type WorkspaceSnapshot } from '../metadata';
import type { WriteModel } from './write-model';

/** Task of the jobs that refresh the planner statistics of tables a bulk write filled. */
export const ANALYZE_TASK = 'tables:analyze';

/** Rows one bulk write (createMany, import) must reach for its tables to be analysed. */
export const ANALYZE_AFTER_ROWS = 1_000;

/** Bulk writes of one table within this window share one ANALYZE (the job key replaces the pending job). */
const SETTLE_MS = 2_000;

/**
 * Enqueues, in the bulk write's transaction, an ANALYZE of its object table and of the junction
 * tables it linked rows in: after a load, the planner would otherwise plan on the statistics of an
 * empty table until autovacuum comes by (slow or off on some servers: seen at 0.08x speed).
 */
export async function enqueueAnalyze(
  tx: SqlExecutor,
  model: WriteModel,
  rows: number,
  linkedJunctions: readonly string[],
): Promise<void> {
  if (rows < ANALYZE_AFTER_ROWS) return;
  const runAt = new Date(Date.now() + SETTLE_MS);
  const tables = [model.table, ...linkedJunctions];
  await enqueueJobs(
    tx,
    tables.map((table) => ({
      task: ANALYZE_TASK,
      key: `analyze:${table}`,
      runAt,
      payload: { workspaceId: model.snapshot.workspaceId, table },
    })),
  );
}

/** Qualified names of the workspace's object and junction tables. */
function workspaceTables(snapshot: WorkspaceSnapshot): Set<string> {
  const tables = new Set(snapshot.objects.map((o) => qualify(snapshot.schemaName, o.tableName)));
  for (const object of snapshot.objects) {
    for (const edge of indexSnapshot(snapshot).relations(object.nameSingular)) {
      if (edge.junction) tables.add(qualify(snapshot.schemaName, edge.junction.table));
    }
  }
  return tables;
}

const analyzePayload = z.object({ workspaceId: z.string(), table: z.string() });

/**
 * Runs one analyze job: only a table the workspace's metadata still has (a dropped object's table
 * is skipped), without the statement timeout of requests, as imports and migrations run.
 */
export async function analyzeTable(
  db: Database,
  snapshotOf: (workspaceId: string) => Promise<WorkspaceSnapshot>,
  payload: unknown,
): Promise<void> {
  const job = analyzePayload.parse(payload);
  if (!workspaceTables(await snapshotOf(job.workspaceId)).has(job.table)) return;
  await db.transaction(async (tx) => {
    await tx.query("select set_config('statement_timeout', '0', true)");
    await tx.query(`analyze ${job.table}`);
  });
}
