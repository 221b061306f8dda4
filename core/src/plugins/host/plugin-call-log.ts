import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db';

/** How a call ended, as the log keeps it and admins read it. */
export interface PluginCallOutcome {
  durationMs: number;
  cpuMs: number;
  /** `refused`: the host said no (unknown or disabled installation, quota, permission, no sandbox); `reason` says which. */
  outcome: 'ok' | 'failed' | 'refused';
  reason: string | null;
  error: string | null;
  logs: Array<{ level: string; message: string }>;
}

/** One row of `relata.plugin_calls`. */
export interface PluginCallRow extends PluginCallOutcome {
  workspaceId: string;
  /** Null: the call named an installation the workspace does not have. */
  installationId: string | null;
  version: string | null;
  entry: string;
  startedAt: Date;
}

/**
 * The plugin call log, written behind the calls: a call queues its row and goes on (a hooked
 * write neither waits for the insert nor needs a second connection for it); one writer at a time
 * inserts everything queued in one multi-row statement, so concurrent calls share a statement
 * and the log holds at most one pooled connection. A failed insert keeps its rows and is retried
 * while the process runs.
 */
export interface PluginCallLog {
  /** Queues a row; resolves at once, or once the log has caught up when MAX_PENDING rows wait. */
  record(row: PluginCallRow): Promise<void>;
  /** Resolves once every row recorded before it is written (retrying failed inserts meanwhile). */
  flush(): Promise<void>;
  /** Rows recorded and not written yet (in a statement running now included). */
  readonly pending: number;
}

/** Rows per statement (12 array parameters whatever the count). */
const MAX_BATCH = 500;
/** Past this many unwritten rows a call waits for the log (memory stays bounded if the database stalls). */
const MAX_PENDING = 10_000;
const RETRY_MS = { first: 100, max: 5_000 };

export function createPluginCallLog(
  db: Database,
  onError: (error: unknown) => void = (error) => console.error('writing the plugin call log failed', error),
): PluginCallLog {
  let queued: PluginCallRow[] = [];
  let writer: Promise<void> | null = null;
  let inFlight = 0;

  async function writeQueued(): Promise<void> {
    let failures = 0;
    while (queued.length > 0) {
      const batch = queued.slice(0, MAX_BATCH);
      queued = queued.slice(batch.length);
      inFlight = batch.length;
      try {
        await insertCalls(db, batch);
        inFlight = 0;
        failures = 0;
      } catch (error) {
        inFlight = 0;
        // Kept in order at the head; a row whose installation was removed meanwhile is dropped by the next try.
        queued = [...batch, ...queued];
        failures += 1;
        onError(error);
        await delay(Math.min(RETRY_MS.first * 2 ** (failures - 1), RETRY_MS.max));
      }
    }
  }

  function startWriter(): Promise<void> {
    writer ??= (async () => {
      // Rows recorded in the same turn of the event loop go into the first statement.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        await writeQueued();
      } finally {
        writer = null;
      }
    })();
    return writer;
  }

  async function flush(): Promise<void> {
    while (queued.length > 0 || writer) await (writer ?? startWriter());
  }

  return {
    get pending() {
      return queued.length + inFlight;
    },
    flush,
    async record(row) {
      queued.push(row);
      if (queued.length > MAX_PENDING) await flush();
      else void startWriter();
    },
  };
}

/**
 * Inserts `rows` in one statement. Rows of a workspace or installation deleted since the call
 * (an uninstall removes its log) are skipped rather than failing the others.
 */
async function insertCalls(db: Database, rows: PluginCallRow[]): Promise<void> {
  const column = <T>(pick: (row: PluginCallRow) => T) => rows.map(pick);
  await db.query(
    `insert into "relata"."plugin_calls"
       ("id", "workspace_id", "installation_id", "version", "entry", "started_at", "duration_ms", "cpu_ms",
        "outcome", "reason", "error", "logs")
     select c.id, c.workspace_id, c.installation_id, c.version, c.entry, c.started_at::timestamptz, c.duration_ms,
            c.cpu_ms, c.outcome, c.reason, c.error, c.logs::jsonb
     from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
                 $9::text[], $10::text[], $11::text[], $12::text[])
       as c(id, workspace_id, installation_id, version, entry, started_at, duration_ms, cpu_ms, outcome, reason, error, logs)
     where exists (select 1 from "relata"."workspaces" w where w.id = c.workspace_id)
       and (c.installation_id is null
            or exists (select 1 from "relata"."plugin_installations" i where i.id = c.installation_id))`,
    [
      column(() => uuidv7()),
      column((it) => it.workspaceId),
      column((it) => it.installationId),
      column((it) => it.version),
      column((it) => it.entry),
      column((it) => it.startedAt.toISOString()),
      column((it) => it.durationMs),
      column((it) => it.cpuMs),
      column((it) => it.outcome),
      column((it) => it.reason),
      column((it) => it.error),
      column((it) => JSON.stringify(it.logs)),
    ],
  );
}

function delay(ms: number): Promise<void> {
  // Unref'd: a retry never keeps a stopping process alive (close() flushes with a bound).
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
