import { type Database, type EventBus, purgeRecycleBin } from '@relata/core';

/** How often each node tries to purge; the advisory lock keeps nodes from purging at once. */
export const RECYCLE_BIN_PURGE_INTERVAL_MS = 60 * 60_000;

export interface RecycleBinJob {
  /** Stops the timer and waits for a running purge to finish. */
  stop(): Promise<void>;
}

/**
 * Purges the recycle bin once shortly after start and then every `intervalMs`: records deleted
 * more than `retentionDays` ago are destroyed through the record service. A run never overlaps
 * the previous one on this node; a failed run is logged and retried at the next tick.
 */
export function startRecycleBinJob(options: {
  db: Database;
  events: EventBus;
  retentionDays: number;
  intervalMs?: number;
}): RecycleBinJob {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = purgeRecycleBin(options)
      .then((result) => {
        if (result.purged > 0 || result.kept > 0)
          console.log(`recycle bin: purged ${result.purged} record(s), kept ${result.kept}.`);
      })
      .catch((error: unknown) => console.error('recycle bin purge failed', error))
      .finally(() => {
        running = null;
      });
  };
  // unref: the timers never keep the process alive on their own.
  const first = setTimeout(run, 10_000).unref();
  const every = setInterval(run, options.intervalMs ?? RECYCLE_BIN_PURGE_INTERVAL_MS).unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
