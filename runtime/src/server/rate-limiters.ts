/** The verdict of a limiter: allowed, or refused with the wait until the next attempt may pass. */
export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Above this many tracked keys, idle ones are dropped (and everything if that is not enough). */
const MAX_KEYS = 100_000;

/**
 * At most `limit` accepted hits per key in any `windowMs` (a sliding log of timestamps).
 * Refused hits are not recorded, so retrying while blocked does not extend the block.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Checks `key` without recording a hit. */
  check(key: string, now = Date.now()): LimitVerdict {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return { allowed: true };
    return { allowed: false, retryAfterMs: recent[0]! + this.windowMs - now };
  }

  /** Checks `key` and, when allowed, records the hit. */
  hit(key: string, now = Date.now()): LimitVerdict {
    const verdict = this.check(key, now);
    if (verdict.allowed) {
      if (!this.hits.has(key) && this.hits.size >= MAX_KEYS) this.sweep(now);
      this.hits.set(key, [...this.recent(key, now), now]);
    }
    return verdict;
  }

  private recent(key: string, now: number): number[] {
    const times = this.hits.get(key) ?? [];
    const from = times.findIndex((time) => time > now - this.windowMs);
    return from === -1 ? [] : times.slice(from);
  }

  private sweep(now: number): void {
    for (const key of [...this.hits.keys()]) if (this.recent(key, now).length === 0) this.hits.delete(key);
    if (this.hits.size >= MAX_KEYS) this.hits.clear();
  }
}

/** A token bucket per key: bursts up to `capacity`, refilled at `perMinute` tokens a minute. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    perMinute: number,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token for `key`, or says how long until one is available. */
  take(key: string, now = Date.now()): LimitVerdict {
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs) : this.capacity;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / this.perMs) };
    }
    if (!bucket && this.buckets.size >= MAX_KEYS) this.buckets.clear();
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }
}
