import type { SqlExecutor } from '../../db';

/** What one claim on a workspace's shared minute counter answered. */
export interface QuotaClaim {
  /** Calls granted to the claiming node (fewer than asked, or 0, near the quota). */
  granted: number;
  /** CPU ms of the workspace's last 60 clock minutes, the reported time included. */
  cpuMsLastHour: number;
}

/** The shared counters of plugin quotas (`relata.plugin_quota_windows`). */
export interface QuotaStore {
  /**
   * Takes up to `calls` calls of `minute` (never past `limit`) and adds `cpuMs` to it, in one
   * statement: the row lock of the upsert orders concurrent claims of every node.
   */
  claim(
    workspaceId: string,
    minute: number,
    calls: number,
    cpuMs: number,
    limit: number,
    /** Runs the claim there (a caller's transaction). @default the store's database */
    on?: SqlExecutor,
  ): Promise<QuotaClaim>;
  read(workspaceId: string, minute: number): Promise<{ calls: number; cpuMsLastHour: number }>;
}

/**
 * The counters in PostgreSQL. The upsert's SET reads the locked, latest row, so two nodes
 * claiming at once are granted one after the other; `last_grant` carries what this claim got
 * back through RETURNING (PostgreSQL 15 has no `old.` there). Windows older than an hour are
 * deleted by the workspace's claims as they go.
 */
export function postgresQuotaStore(db: SqlExecutor): QuotaStore {
  return {
    async claim(workspaceId, minute, calls, cpuMs, limit, on = db) {
      const { rows } = await on.query<{ granted: number; cpu_hour: number }>(
        `with gone as (
           delete from relata.plugin_quota_windows where workspace_id = $1 and minute <= $2::bigint - 60
         ), claimed as (
           insert into relata.plugin_quota_windows as w (workspace_id, minute, calls, last_grant, cpu_ms)
           values ($1, $2, least($3::int, $4::int), least($3::int, $4::int), $5)
           on conflict (workspace_id, minute) do update
             set last_grant = least($3::int, greatest($4::int - w.calls, 0)),
                 calls = w.calls + least($3::int, greatest($4::int - w.calls, 0)),
                 cpu_ms = w.cpu_ms + excluded.cpu_ms
           returning last_grant, cpu_ms
         )
         select claimed.last_grant as granted,
                claimed.cpu_ms + coalesce((select sum(cpu_ms) from relata.plugin_quota_windows
                  where workspace_id = $1 and minute > $2::bigint - 60 and minute < $2::bigint), 0) as cpu_hour
         from claimed`,
        [workspaceId, minute, calls, limit, cpuMs],
      );
      const row = rows[0]!;
      return { granted: Number(row.granted), cpuMsLastHour: Number(row.cpu_hour) };
    },
    async read(workspaceId, minute) {
      const { rows } = await db.query<{ calls: number | null; cpu_hour: number | null }>(
        `select sum(calls) filter (where minute = $2::bigint) as calls, sum(cpu_ms) as cpu_hour
         from relata.plugin_quota_windows where workspace_id = $1 and minute > $2::bigint - 60`,
        [workspaceId, minute],
      );
      return { calls: Number(rows[0]?.calls ?? 0), cpuMsLastHour: Number(rows[0]?.cpu_hour ?? 0) };
    },
  };
}
