import { type Database, fireSchedules } from '@relata/core';

export interface ScheduleTiming {
  /** The clock schedules are read on (tests pass a controlled one). @default the system clock */
  now?: () => Date;
  /** How often the node looks for due schedules; a fire time starts at most this late. @default 5 s */
  tickMs?: number;
}

export interface ScheduleTicker {
  /** Stops ticking and waits for a tick under way. */
  stop(): Promise<void>;
}

/** Ticks every 5 s: a minute-grained schedule starts within 5 s of its time, at one cheap query a tick. */
export const DEFAULT_SCHEDULE_TICK_MS = 5_000;

/**
 * Fires the workspace schedules from a worker node. Every worker ticks; `fireSchedules` makes a
 * fire time one run however many nodes see it, so no node is elected and none is special.
 */
export function startScheduleTicker(db: Database, timing: ScheduleTiming = {}): ScheduleTicker {
  const now = timing.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    // A slow tick (a loaded database) is not stacked on: the next one covers its window too.
    if (busy) return;
    busy = true;
    running = fireSchedules(db, now())
      .then(() => undefined)
      .catch((error: unknown) =>
        console.error('workflow schedules: tick failed:', error instanceof Error ? error.message : error),
      )
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, timing.tickMs ?? DEFAULT_SCHEDULE_TICK_MS);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
