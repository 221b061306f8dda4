import type { SqlExecutor } from '../db';
import type { EventBus } from './event-bus';
import { currentEventCursor, type LoggedChange, readRecordEvents } from './record-event-log';

/** Rows read per query; a full batch is followed by the next at once. */
const BATCH = 200;
/** Re-read delay while committed rows wait behind an older running transaction. */
const PENDING_POLL_MS = 100;
/** Re-read delay with no NOTIFY at all: covers wake-ups lost while the LISTEN connection reconnected. */
const IDLE_POLL_MS = 10_000;

/**
 * Changes of `objects` in order from the durable log, starting after `after` (a client's last
 * cursor: what it missed is replayed first) or at the log's current end, until `signal` aborts.
 * The bus only wakes the reader; what is handed out always comes from the log, so the replay and
 * the live part are one sequence, with no gap and no duplicate at the seam.
 */
export async function* durableChanges(
  db: SqlExecutor,
  bus: EventBus,
  workspaceId: string,
  objects: readonly string[],
  after: string | null,
  signal?: AbortSignal,
): AsyncGenerator<LoggedChange> {
  const wanted = new Set(objects);
  let woken = false;
  let wake: (() => void) | null = null;
  // Listen before reading the first cursor: a change committed in between still wakes the reader.
  const off = bus.on(workspaceId, (event) => {
    if (!wanted.has(event.object)) return;
    woken = true;
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  try {
    const start = after === null ? await currentEventCursor(db, workspaceId) : null;
    let cursor = after ?? start!.cursor;
    while (!signal?.aborted) {
      woken = false;
      const { changes, pending } = await readRecordEvents(db, workspaceId, objects, cursor, BATCH);
      for (const change of changes) {
        cursor = change.cursor;
        if (!start?.seen.has(change.cursor)) yield change;
      }
      if (changes.length === BATCH || woken) continue;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, pending ? PENDING_POLL_MS : IDLE_POLL_MS);
        }),
        aborted,
      ]);
      clearTimeout(timer);
      wake = null;
    }
  } finally {
    off();
  }
}
