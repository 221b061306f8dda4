import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type PluginCode, SandboxPool } from '@relata/core';
import ivm from 'isolated-vm';
import { percentile } from '../percentile';
import { num, ratio } from '../report';
import { type BenchContext, reason } from './bench-context';

const WARM_CALLS = 2000;
const COLD_PLUGINS = 20;
const ECHO = 'module.exports = { actions: { run: async (input) => ({ seen: input.n + 1 }) } };';

const echoPlugin = (i: number): PluginCode => ({ key: `bench-echo-${i}@1.0.0`, name: `bench-echo-${i}`, source: ECHO });

/** p50 of `calls` sequential runs of `run`, in microseconds. */
async function p50Us(calls: number, run: (n: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let n = 0; n < calls; n++) {
    const started = performance.now();
    await run(n);
    times.push((performance.now() - started) * 1000);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** The reference: the same plugin in an isolate inside this process, as an unkillable in-process host would run it. */
async function inProcessP50Us(): Promise<number> {
  const isolate = new ivm.Isolate({ memoryLimit: 32 });
  try {
    const context = await isolate.createContext();
    await context.eval('globalThis.module = { exports: {} };');
    await context.eval(ECHO);
    const run: ivm.Reference = await context.eval(
      '(n) => module.exports.actions.run(JSON.parse(n)).then(JSON.stringify)',
      {
        reference: true,
      },
    );
    return await p50Us(WARM_CALLS, (n) =>
      run.apply(undefined, [JSON.stringify({ n })], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
      }),
    );
  } finally {
    isolate.dispose();
  }
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/**
 * Issue 11, the sandbox alone (no database): a warm plugin call through the pool's child-process
 * hop beside the same call on an in-process isolate; the cold start of a new plugin version on a
 * running child (isolate, bootstrap, bundle, first call); and the RSS one more idle warm isolate
 * adds to its child.
 */
export async function pluginSandbox(ctx: BenchContext): Promise<void> {
  const pool = new SandboxPool(1);
  try {
    await pool.warm();
    const call = (plugin: PluginCode, n: number) =>
      pool.call({ plugin, entry: 'actions.run', input: { n }, host: async () => null });
    await call(echoPlugin(0), 0);
    const warm = await p50Us(WARM_CALLS, (n) => call(echoPlugin(0), n));
    const inProcess = await inProcessP50Us();
    const [pid] = pool.processIds;
    const rssBefore = pid ? rssKb(pid) : 0;
    const cold: number[] = [];
    for (let i = 1; i <= COLD_PLUGINS; i++) {
      const started = performance.now();
      await call(echoPlugin(i), i);
      cold.push(performance.now() - started);
    }
    const perIsolateMb = pid ? (rssKb(pid) - rssBefore) / 1024 / COLD_PLUGINS : 0;
    const coldP50 = percentile(
      cold.sort((a, b) => a - b),
      50,
    );
    ctx.rows.push(
      {
        metric: '11a. plugin call, warm isolate in a sandbox child: p50 µs (baseline: same isolate in-process)',
        relata: num(warm),
        baseline: num(inProcess),
        ratio: ratio(warm, inProcess),
        target: 'measure: the child-process hop kept small',
        pass: null,
      },
      {
        metric: `11b. plugin cold start (new isolate on a running child, first call): p50 ms of ${COLD_PLUGINS}`,
        relata: num(coldP50, 1),
        baseline: '—',
        ratio: '—',
        target: '< 10 ms',
        pass: coldP50 < 10,
      },
      {
        metric: '11c. idle warm isolate: child RSS added per isolate, MB',
        relata: num(perIsolateMb, 2),
        baseline: '—',
        ratio: '—',
        target: '< 3 MB',
        pass: perIsolateMb < 3,
      },
    );
  } catch (error) {
    ctx.notes.push(`plugin sandbox not measured: ${reason(error)}`);
  } finally {
    await pool.close();
  }
}
