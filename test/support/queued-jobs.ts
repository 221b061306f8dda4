import type { SqlExecutor } from '@relata/core';

/**
 * Jobs of `task` still in the queue, oldest first, with their payloads. graphile-worker's public
 * `jobs` view leaves payloads out, so tests read its private tables (they are the library's, not
 * a contract of ours: only tests look there).
 */
export async function queuedJobs<P = Record<string, unknown>>(
  db: SqlExecutor,
  task: string,
): Promise<Array<{ id: number; payload: P; attempts: number; lastError: string | null }>> {
  const { rows } = await db.query<{ id: number; payload: P; attempts: number; last_error: string | null }>(
    `select j.id, j.payload, j.attempts, j.last_error
     from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = $1 order by j.id`,
    [task],
  );
  return rows.map((row) => ({ id: row.id, payload: row.payload, attempts: row.attempts, lastError: row.last_error }));
}
