import { describe, expect, test } from 'vitest';
import { SlidingWindowLimiter, TokenBucketLimiter } from './rate-limiters';

describe('SlidingWindowLimiter', () => {
  test('allows `limit` hits per window, then refuses until the oldest hit leaves the window', () => {
    const limiter = new SlidingWindowLimiter(3, 1000);
    expect([0, 100, 200].map((at) => limiter.hit('a', at).allowed)).toEqual([true, true, true]);
    expect(limiter.hit('a', 500)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(limiter.hit('b', 500).allowed).toBe(true);
    expect(limiter.hit('a', 1000).allowed).toBe(true);
    expect(limiter.hit('a', 1050)).toEqual({ allowed: false, retryAfterMs: 50 });
  });

  test('refused hits do not extend the block', () => {
    const limiter = new SlidingWindowLimiter(1, 1000);
    limiter.hit('a', 0);
    for (const at of [100, 500, 900]) expect(limiter.hit('a', at).allowed).toBe(false);
    expect(limiter.hit('a', 1000).allowed).toBe(true);
  });

  test('check does not record a hit', () => {
    const limiter = new SlidingWindowLimiter(1, 1000);
    expect(limiter.check('a', 0).allowed).toBe(true);
    expect(limiter.hit('a', 0).allowed).toBe(true);
    expect(limiter.check('a', 10).allowed).toBe(false);
  });
});

describe('TokenBucketLimiter', () => {
  test('allows a burst of `capacity`, then refills at the configured rate', () => {
    const limiter = new TokenBucketLimiter(2, 60);
    expect(limiter.take('k', 0).allowed).toBe(true);
    expect(limiter.take('k', 0).allowed).toBe(true);
    expect(limiter.take('k', 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(limiter.take('k', 1000).allowed).toBe(true);
    expect(limiter.take('other', 1000).allowed).toBe(true);
  });
});
