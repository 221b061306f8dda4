import { type Database, JOB_QUEUE_SCHEMA } from '@relata/core';

export interface HeartbeatTiming {
  /** How often a live pool says so. */
  beatMs: number;
  /** Silence after which a pool counts as dead and its jobs are released. */
  deadAfterMs: number;
}

/** A beat every 10 s; a pool silent for a minute (six missed beats) is dead. */
export const DEFAULT_HEARTBEAT: HeartbeatTiming = { beatMs: 10_000, deadAfterMs: 60_000 };

export interface Heartbeat {
  /** Stops beating and removes the pool's row (its jobs were handed back by the graceful stop). */
  stop(): Promise<void>;
}

/**
 * Keeps the pool's row in `relata.worker_heartbeats` fresh and, on every beat, releases the jobs
 * of pools that went silent (a killed process never hands its locked jobs back; graphile-worker
 * alone would wait four hours). Delete and release are one statement, so of several live pools
 * exactly one releases a dead pool's jobs.
 */
export function startHeartbeat(db: Database, poolId: string, nodeId: string, timing: HeartbeatTiming): Heartbeat {
  const beat = async () => {
    await db.query(
      `insert into relata.worker_heartbeats (pool_id, node_id) values ($1, $2)
       on conflict (pool_id) do update set seen_at = now()`,
      [poolId, nodeId],
    );
    const { rows } = await db.query<{ released: string[] }>(
      `with dead as (
         delete from relata.worker_heartbeats
         where seen_at < now() - make_interval(secs => $1::double precision / 1000) returning pool_id
       )
       select array(select pool_id from dead) as released,
              ${JOB_QUEUE_SCHEMA}.force_unlock_workers(array(select pool_id from dead))`,
      [timing.deadAfterMs],
    );
    const released = rows[0]?.released ?? [];
    if (released.length > 0)
      console.error(`job queue: released the jobs of silent worker pool(s) ${released.join(', ')}`);
  };
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = beat().catch((error: unknown) =>
      console.error('job queue heartbeat failed:', error instanceof Error ? error.message : error),
    );
  };
  tick();
  const timer = setInterval(tick, timing.beatMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await db.query('delete from relata.worker_heartbeats where pool_id = $1', [poolId]);
    },
  };
}
