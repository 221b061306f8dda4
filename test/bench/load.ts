import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadPlan, LoadRequest, LoadResult } from './load-types';
import { percentile } from './percentile';

export type { LoadPlan, LoadRequest, LoadResult } from './load-types';

/** Defaults of one load round: 10 clients, 1 s warm-up, then 4 s or 100k requests. */
export const DEFAULT_LOAD = { connections: 10, warmupMs: 1_000, durationMs: 4_000, maxRequests: 100_000 };

/** Rounds per comparison: A and B alternate, so a change in background load hits both alike. */
export const ROUNDS = 3;

/** Runs a load plan in a child process (its own event loop and CPU time) and returns the measurements. */
export function runLoad(
  requests: LoadRequest[],
  options: Partial<Omit<LoadPlan, 'requests'>> = {},
): Promise<LoadResult> {
  const plan: LoadPlan = { ...DEFAULT_LOAD, ...options, requests };
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), {
      execArgv: ['--no-node-snapshot', '--import', 'tsx'],
    });
    // The generator ends on its own; this bounds a hung server.
    const timer = setTimeout(
      () => {
        child.kill();
        reject(new Error('load generator did not finish in time'));
      },
      plan.warmupMs + plan.durationMs + 30_000,
    );
    child.once('message', (message: LoadResult | { failed: string }) => {
      clearTimeout(timer);
      if ('failed' in message) reject(new Error(message.failed));
      else {
        const cpu = process.cpuUsage(cpuBefore);
        resolve({ ...message, localCpuMs: (cpu.user + cpu.system) / 1000 });
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.send(plan);
  });
}

/** Merges rounds of one target: total requests over total measured time, pooled percentiles. */
export function mergeResults(results: readonly LoadResult[]): LoadResult {
  const latenciesMs = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests: latenciesMs.length,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    firstError: results.find((r) => r.firstError)?.firstError ?? null,
    seconds,
    rps: seconds > 0 ? latenciesMs.length / seconds : 0,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    sent: results.reduce((sum, r) => sum + r.sent, 0),
    localCpuMs: results.reduce((sum, r) => sum + r.localCpuMs, 0),
    latenciesMs,
  };
}

/** Node CPU of the in-process server per completed request, in microseconds. */
export const cpuPerRequestUs = (r: LoadResult): number => (r.sent > 0 ? (r.localCpuMs * 1000) / r.sent : 0);

/** Loads `a` and `b` in alternating rounds (a, b, a, b...) and merges each side's rounds. */
export async function compareLoad(
  a: LoadRequest[],
  b: LoadRequest[],
  options: Partial<Omit<LoadPlan, 'requests'>> = {},
): Promise<{ a: LoadResult; b: LoadResult }> {
  const ra: LoadResult[] = [];
  const rb: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ra.push(await runLoad(a, options));
    rb.push(await runLoad(b, options));
  }
  return { a: mergeResults(ra), b: mergeResults(rb) };
}

/** POSTs one request and returns the parsed JSON (used to compare responses before measuring). */
export async function postJson(target: LoadRequest): Promise<unknown> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${target.url} answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
  }
}
