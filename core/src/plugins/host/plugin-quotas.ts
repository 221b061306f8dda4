import { limitExceeded } from '../../errors';

/** How much plugin work one workspace may cause on one node. */
export interface PluginQuotaLimits {
  /** Calls into any of the workspace's plugins per minute. @default 1200 */
  callsPerMinute: number;
  /** CPU time spent in the workspace's plugins per hour, in ms. @default 600000 (10 minutes) */
  cpuMsPerHour: number;
}

export const DEFAULT_PLUGIN_QUOTAS: PluginQuotaLimits = { callsPerMinute: 1200, cpuMsPerHour: 600_000 };

export interface PluginQuotaUsage extends PluginQuotaLimits {
  /** Calls in the current clock minute. */
  callsLastMinute: number;
  /** CPU ms in the current and the 59 previous clock minutes. */
  cpuMsLastHour: number;
}

const MINUTE_MS = 60_000;

/** Counts of one workspace in per-minute buckets (the last 60 cover an hour). */
interface Buckets {
  minute: number[];
  calls: number[];
  cpuMs: number[];
}

/**
 * Per-workspace quotas of plugin calls, counted in this node's memory like the HTTP rate limits
 * (a call costs no database read; with N nodes a workspace may use up to N times the quota).
 * A call over either quota is refused with LIMIT_EXCEEDED before it reaches a sandbox.
 */
export class PluginQuotas {
  private readonly workspaces = new Map<string, Buckets>();

  constructor(
    private readonly limits: PluginQuotaLimits = DEFAULT_PLUGIN_QUOTAS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one call from the workspace's quota. @throws LIMIT_EXCEEDED naming the quota */
  admit(workspaceId: string): void {
    const usage = this.usage(workspaceId);
    if (usage.callsLastMinute >= this.limits.callsPerMinute) {
      throw limitExceeded(
        `This workspace's plugins were called ${usage.callsLastMinute} times this minute (quota ${this.limits.callsPerMinute}); try again in a minute.`,
      );
    }
    if (usage.cpuMsLastHour >= this.limits.cpuMsPerHour) {
      throw limitExceeded(
        `This workspace's plugins used ${Math.round(usage.cpuMsLastHour)} ms of CPU in the last hour (quota ${this.limits.cpuMsPerHour} ms).`,
      );
    }
    this.add(workspaceId, 1, 0);
  }

  /** Charges a finished call's CPU time. */
  charge(workspaceId: string, cpuMs: number): void {
    this.add(workspaceId, 0, cpuMs);
  }

  usage(workspaceId: string): PluginQuotaUsage {
    const buckets = this.buckets(workspaceId);
    const current = Math.floor(this.now() / MINUTE_MS);
    let callsLastMinute = 0;
    let cpuMsLastHour = 0;
    buckets.minute.forEach((minute, index) => {
      if (minute === current) callsLastMinute += buckets.calls[index] ?? 0;
      if (minute > current - 60) cpuMsLastHour += buckets.cpuMs[index] ?? 0;
    });
    return { ...this.limits, callsLastMinute, cpuMsLastHour };
  }

  private add(workspaceId: string, calls: number, cpuMs: number): void {
    const buckets = this.buckets(workspaceId);
    const current = Math.floor(this.now() / MINUTE_MS);
    const slot = current % 60;
    if (buckets.minute[slot] !== current) {
      buckets.minute[slot] = current;
      buckets.calls[slot] = 0;
      buckets.cpuMs[slot] = 0;
    }
    buckets.calls[slot] = (buckets.calls[slot] ?? 0) + calls;
    buckets.cpuMs[slot] = (buckets.cpuMs[slot] ?? 0) + cpuMs;
  }

  private buckets(workspaceId: string): Buckets {
    let buckets = this.workspaces.get(workspaceId);
    if (!buckets) {
      buckets = { minute: [], calls: [], cpuMs: [] };
      this.workspaces.set(workspaceId, buckets);
    }
    return buckets;
  }
}
