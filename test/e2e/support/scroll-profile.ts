import type { Page } from '../../../studio/e2e/chromium';

/** Where a scroll spent its main-thread time: long tasks and the functions with the most self time. */
export interface ScrollProfile {
  longTasks: number;
  longTaskMs: number;
  /** Sampled main-thread milliseconds spent in anything but idle (script, style, layout, paint, GC). */
  busyMs: number;
  /** `function (file:line)`, self milliseconds, heaviest first. */
  hottest: { fn: string; selfMs: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Runs `work` under Chromium's sampling profiler (CDP) and a long-task observer, and sums self
 * time per function: the report says what to make cheaper, it asserts nothing.
 */
export async function profileScroll<T>(
  page: Page,
  work: () => Promise<T>,
): Promise<{ result: T; profile: ScrollProfile }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  await cdp.detach();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const busyMs = [...self.entries()].reduce((sum, [fn, ms]) => (fn.startsWith('(idle)') ? sum : sum + ms), 0);
  const hottest = [...self.entries()]
    .filter(([fn]) => !fn.startsWith('(idle)') && !fn.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([fn, ms]) => ({ fn, selfMs: Math.round(ms) }));
  return {
    result,
    profile: {
      longTasks: tasks.length,
      longTaskMs: Math.round(tasks.reduce((sum, ms) => sum + ms, 0)),
      busyMs: Math.round(busyMs),
      hottest,
    },
  };
}
