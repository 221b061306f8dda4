import { describe, expect, test } from 'vitest';
import { coalesce } from './coalesce';

/** A coalescer that records its calls; `together` fails when a batch holds `bad`. */
function recorder(max: number, bad = -1, inFlight = 2) {
  const calls: string[] = [];
  const run = coalesce<number>(
    async (items) => {
      calls.push(`together ${items.join(',')}`);
      if (items.includes(bad)) throw new Error('batch failed');
    },
    async (item) => {
      calls.push(`alone ${item}`);
      if (item === bad) throw new Error(`item ${item} failed`);
    },
    { max, inFlight },
  );
  return { calls, run };
}

describe('coalesce', () => {
  test('items handed in within one turn go together, up to max a batch', async () => {
    const { calls, run } = recorder(3);
    await Promise.all([1, 2, 3, 4, 5].map(run));
    expect(calls).toEqual(['together 1,2,3', 'together 4,5']);
  });

  test('a lone item goes alone', async () => {
    const { calls, run } = recorder(3);
    await run(7);
    await run(8);
    expect(calls).toEqual(['alone 7', 'alone 8']);
  });

  test('a failing item fails only its own caller: the batch is done again item by item', async () => {
    const { calls, run } = recorder(5, 2);
    const results = await Promise.allSettled([1, 2, 3].map(run));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('item 2 failed');
    expect(calls).toEqual(['together 1,2,3', 'alone 1', 'alone 2', 'alone 3']);
  });

  test('items handed in while every group is under way wait, and go together when one ends', async () => {
    const { calls, run } = recorder(10, -1, 1);
    const first = run(1);
    await new Promise((resolve) => setImmediate(resolve));
    // The first item's group is under way: these wait for it, then go as one group.
    await Promise.all([first, run(2), run(3), run(4)]);
    expect(calls).toEqual(['alone 1', 'together 2,3,4']);
  });
});
