import type { SqlExecutor } from '../db';
import type { ChangeKind } from './change-event';

/**
 * The durable log of record changes (`relata.record_events`), written by the write's own
 * statement so a committed write always has its row and a rolled-back one never does.
 *
 * Order: `(tx, id)`, the writer's transaction id then the row id. A reader hands out only rows
 * whose writer is older than every transaction still running (`pg_snapshot_xmin`): any row that
 * commits later belongs to a transaction at or above that horizon, hence sorts after every row
 * handed out. So a cursor `(tx, id)` never skips a late commit (a plain identity would: ids are
 * taken at insert, not at commit) and never hands out a row twice.
 */
export const RECORD_EVENTS_TABLE = 'relata.record_events';

/** One logged change as a reader gets it, with the cursor a client resumes after. */
export interface LoggedChange {
  /** `<tx>.<id>`: opaque to clients, sent back as `after` / `Last-Event-ID`. */
  cursor: string;
  object: string;
  kind: ChangeKind;
  recordId: string;
  changedFields: string[];
}

interface Cursor {
  tx: string;
  id: string;
}

const CURSOR = /^(\d{1,20})\.(\d{1,19})$/;
/** Largest xid8 and bigint: a bigger number would fail in SQL instead of being refused as input. */
const MAX_TX = 2n ** 64n - 1n;
const MAX_ID = 2n ** 63n - 1n;

/** Parses a client's cursor; null when it is not one of ours (the caller refuses it naming its input). */
export function parseEventCursor(text: string): Cursor | null {
  const match = CURSOR.exec(text.trim());
  if (!match || BigInt(match[1]!) > MAX_TX || BigInt(match[2]!) > MAX_ID) return null;
  return { tx: match[1]!, id: match[2]! };
}

/**
 * Where a fresh subscription starts: just before the running-transaction horizon, skipping the
 * rows past it that had already committed when it opened (`seen`: history, not news). Rows still
 * uncommitted then are delivered when they commit.
 */
export async function currentEventCursor(
  db: SqlExecutor,
  workspaceId: string,
): Promise<{ cursor: string; seen: Set<string> }> {
  const { rows } = await db.query<{ tx: string; seen: string[] }>(
    `with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
     select (select xmin::text from horizon) as tx,
            coalesce(array_agg(e.tx::text || '.' || e.id::text), '{}') as seen
       from ${RECORD_EVENTS_TABLE} e, horizon h
      where e.workspace_id = $1 and e.tx >= h.xmin`,
    [workspaceId],
  );
  return { cursor: `${rows[0]!.tx}.0`, seen: new Set(rows[0]!.seen) };
}

/**
 * The next changes of `objects` after `after`, oldest first, only below the running-transaction
 * horizon; `pending` tells that committed rows past the horizon exist (a reader polls again
 * soon rather than waiting for the next NOTIFY).
 */
export async function readRecordEvents(
  db: SqlExecutor,
  workspaceId: string,
  objects: readonly string[],
  after: string,
  limit: number,
): Promise<{ changes: LoggedChange[]; pending: boolean }> {
  const cursor = parseEventCursor(after);
  if (!cursor) throw new Error(`not an event cursor: ${after}`);
  const { rows } = await db.query<{
    tx: string;
    id: string;
    object_name: string;
    kind: ChangeKind;
    record_id: string;
    changed_fields: string[];
    safe: boolean;
  }>(
    `select e.tx::text as tx, e.id::text as id, e.object_name, e.kind, e.record_id, e.changed_fields,
            e.tx < pg_snapshot_xmin(pg_current_snapshot()) as safe
       from ${RECORD_EVENTS_TABLE} e
      where e.workspace_id = $1 and (e.tx, e.id) > ($2::text::xid8, $3::bigint) and e.object_name = any($4::text[])
      order by e.tx, e.id
      limit $5`,
    [workspaceId, cursor.tx, cursor.id, objects, limit],
  );
  const changes: LoggedChange[] = [];
  for (const row of rows) {
    if (!row.safe) return { changes, pending: true };
    changes.push({
      cursor: `${row.tx}.${row.id}`,
      object: row.object_name,
      kind: row.kind,
      recordId: row.record_id,
      changedFields: row.changed_fields,
    });
  }
  return { changes, pending: false };
}

/** Deletes log rows older than `days` days; answers how many went. */
export async function pruneRecordEvents(db: SqlExecutor, days: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from ${RECORD_EVENTS_TABLE} where "at" < now() - make_interval(days => $1::int)`,
    [days],
  );
  return rowCount ?? 0;
}
