/** The p-th percentile (0..100) of an ascending array; 0 when empty. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

/** The median time in ms of `runs` sequential calls of `work`, after `warmups` untimed ones. */
export async function medianMs(work: () => Promise<unknown>, runs: number, warmups: number): Promise<number> {
  for (let i = 0; i < warmups; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/**
 * Medians in ms of each of `works` timed in turn, round after round (so all see the same changing
 * background load), after one untimed call of each.
 */
export async function alternateMedians(works: (() => Promise<unknown>)[], runs: number): Promise<number[]> {
  for (const work of works) await work();
  const times: number[][] = works.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [at, work] of works.entries()) {
      const started = performance.now();
      await work();
      times[at]?.push(performance.now() - started);
    }
  }
  return times.map((t) =>
    percentile(
      t.sort((x, y) => x - y),
      50,
    ),
  );
}
