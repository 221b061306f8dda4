import type { SqlExecutor } from '../../db';
import { ErrorCode, RelataError } from '../../errors';
import type { QuotaClaim, QuotaStore } from './quota-store';

/** How much plugin work one workspace may cause, across every node on the database. */
export interface PluginQuotaLimits {
  /** Calls into any of the workspace's plugins per clock minute. @default 1200 */
  callsPerMinute: number;
  /** CPU time spent in the workspace's plugins per hour (60 clock minutes), in ms. @default 600000 (10 minutes) */
  cpuMsPerHour: number;
}

export const DEFAULT_PLUGIN_QUOTAS: PluginQuotaLimits = { callsPerMinute: 1200, cpuMsPerHour: 600_000 };

export interface PluginQuotaUsage extends PluginQuotaLimits {
  /** Calls the nodes took (leased) in the current clock minute. */
  callsLastMinute: number;
  /** CPU ms in the current and the 59 previous clock minutes, as the nodes reported it. */
  cpuMsLastHour: number;
}

const MINUTE_MS = 60_000;
/** A node that was refused asks the database again at most this often (a refused storm costs no queries). */
const RECHECK_MS = 1_000;
/** Share of a quota one lease or one unreported CPU batch may reach. */
const BATCH_SHARE = 20;

/** What this node knows of one workspace's shared counters. */
interface Local {
  minute: number;
  /** Calls leased for `minute` and not used yet. */
  leased: number;
  /** Size of the next lease: doubles while the node keeps using its leases within the minute. */
  nextLease: number;
  /** CPU ms of the last hour as of the last claim (every node's reports). */
  sharedCpuMs: number;
  /** CPU ms charged here and not reported yet. */
  pendingCpuMs: number;
  checkedAt: number;
  /** The last claim of this minute was granted nothing: the shared quota is used up. */
  exhausted: boolean;
  claiming: Promise<void> | null;
}

/**
 * Per-workspace quotas of plugin calls that hold across nodes: the counters are rows of
 * `relata.plugin_quota_windows` (one per workspace and clock minute), and a node takes calls
 * from them in leases (1, 2, 4... up to 1/20 of the quota, growing while it uses them), so most
 * calls are admitted from memory and a busy workspace costs a node about 20 + log2 claims a
 * minute. A claim never grants past the quota; a lease left unused when the minute turns is
 * lost, so the nodes together stay under the quota (at worst short of it by one lease per node).
 * CPU time is charged after the call and reported with the next claim, or sooner once the
 * unreported time reaches 1/20 of the hourly quota. A call over either quota is refused with
 * LIMIT_EXCEEDED before it reaches a sandbox.
 */
export class PluginQuotas {
  private readonly workspaces = new Map<string, Local>();
  private readonly maxLease: number;

  constructor(
    private readonly store: QuotaStore,
    readonly limits: PluginQuotaLimits = DEFAULT_PLUGIN_QUOTAS,
    private readonly now: () => number = Date.now,
  ) {
    this.maxLease = Math.max(1, Math.floor(limits.callsPerMinute / BATCH_SHARE));
  }

  /**
   * Takes one call from the workspace's quota; a claim it needs runs on `tx` when given (the
   * caller's transaction), else on the store's database. @throws LIMIT_EXCEEDED naming the quota
   */
  async admit(workspaceId: string, tx?: SqlExecutor): Promise<void> {
    const local = this.local(workspaceId);
    // Twice at most: a CPU refresh that finds the hour's time aged out then leases calls.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.take(local)) return;
      const stale = this.now() - local.checkedAt >= RECHECK_MS;
      // Over the CPU quota as far as this node knows: only refresh that, leasing no calls it would waste.
      const cpuOver = local.sharedCpuMs + local.pendingCpuMs >= this.limits.cpuMsPerHour;
      if (!stale && (local.leased > 0 || local.exhausted || cpuOver)) break;
      await this.claim(workspaceId, local, local.leased === 0 && !cpuOver, tx);
    }
    if (this.take(local)) return;
    throw this.refusal(local);
  }

  /** Charges a finished call's CPU time (reported to the shared counter in batches). */
  charge(workspaceId: string, cpuMs: number): void {
    const local = this.local(workspaceId);
    local.pendingCpuMs += cpuMs;
    if (local.pendingCpuMs >= this.limits.cpuMsPerHour / BATCH_SHARE && !local.claiming) {
      // Reported in the background: the call that crossed the batch is already done.
      this.claim(workspaceId, local, false).catch(() => undefined);
    }
  }

  /** The workspace's shared usage, read from the database (this node's unreported CPU included). */
  async usage(workspaceId: string): Promise<PluginQuotaUsage> {
    const read = await this.store.read(workspaceId, this.minute());
    const pending = this.workspaces.get(workspaceId)?.pendingCpuMs ?? 0;
    return { ...this.limits, callsLastMinute: read.calls, cpuMsLastHour: read.cpuMsLastHour + pending };
  }

  private take(local: Local): boolean {
    this.turnMinute(local);
    if (local.leased === 0 || local.sharedCpuMs + local.pendingCpuMs >= this.limits.cpuMsPerHour) return false;
    local.leased--;
    return true;
  }

  private async claim(workspaceId: string, local: Local, wantCalls: boolean, tx?: SqlExecutor): Promise<void> {
    // One claim at a time per workspace: concurrent callers share its answer. Not a caller in a
    // transaction: it claims on its own connection and never waits for another's claim, which
    // may itself wait for the window's row lock that this very transaction holds from a claim
    // of an earlier hook of its write.
    if (!tx) while (local.claiming) await local.claiming;
    this.turnMinute(local);
    const fresh = this.now() - local.checkedAt < RECHECK_MS;
    if (wantCalls && fresh && (local.leased > 0 || local.exhausted)) return;
    const minute = local.minute;
    // CPU time is reported only outside a caller's transaction: a rolled-back write must not lose it.
    const cpuMs = tx ? 0 : local.pendingCpuMs;
    const calls = wantCalls ? local.nextLease : 0;
    local.pendingCpuMs -= cpuMs;
    const claiming = this.store
      .claim(workspaceId, minute, calls, cpuMs, this.limits.callsPerMinute, tx)
      .then((claimed: QuotaClaim) => {
        if (local.minute === minute) {
          local.leased += claimed.granted;
          if (wantCalls) local.exhausted = claimed.granted === 0;
        }
        if (wantCalls) local.nextLease = Math.min(this.maxLease, local.nextLease * 2);
        local.sharedCpuMs = claimed.cpuMsLastHour;
        local.checkedAt = this.now();
      })
      .catch((error: unknown) => {
        local.pendingCpuMs += cpuMs;
        throw error;
      });
    if (tx) return claiming;
    local.claiming = claiming.finally(() => {
      local.claiming = null;
    });
    await local.claiming;
  }

  private refusal(local: Local) {
    if (local.sharedCpuMs + local.pendingCpuMs >= this.limits.cpuMsPerHour) {
      return new RelataError(
        ErrorCode.LIMIT_EXCEEDED,
        `This workspace's plugins used ${Math.round(local.sharedCpuMs + local.pendingCpuMs)} ms of CPU in the last hour (quota ${this.limits.cpuMsPerHour} ms).`,
        { reason: 'quota', quota: 'cpuMsPerHour' },
      );
    }
    return new RelataError(
      ErrorCode.LIMIT_EXCEEDED,
      `This workspace's plugins were called ${this.limits.callsPerMinute} times this minute (quota ${this.limits.callsPerMinute}); try again in a minute.`,
      { reason: 'quota', quota: 'callsPerMinute' },
    );
  }

  private turnMinute(local: Local): void {
    const minute = this.minute();
    if (local.minute === minute) return;
    local.minute = minute;
    local.leased = 0;
    local.nextLease = 1;
    local.checkedAt = 0;
    local.exhausted = false;
  }

  private minute(): number {
    return Math.floor(this.now() / MINUTE_MS);
  }

  private local(workspaceId: string): Local {
    let local = this.workspaces.get(workspaceId);
    if (!local) {
      local = {
        minute: this.minute(),
        leased: 0,
        nextLease: 1,
        sharedCpuMs: 0,
        pendingCpuMs: 0,
        checkedAt: 0,
        exhausted: false,
        claiming: null,
      };
      this.workspaces.set(workspaceId, local);
    }
    return local;
  }
}
