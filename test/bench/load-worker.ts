import { Agent, request } from 'node:http';
import type { LoadPlan, LoadRequest, LoadResult } from './load-types';
import { percentile } from './percentile';

/** One POST on a keep-alive agent: resolves with status and body, latency is measured by the caller. */
function post(agent: Agent, target: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(target.body),
          ...target.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

/**
 * Runs in its own process (forked by load.ts) so the generator never shares an event loop
 * with the server under test: `connections` clients loop over the plan's requests, warm up, then measure.
 */
async function run(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.connections });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let sent = 0;
  let firstError: string | null = null;
  const warmupEnds = performance.now() + plan.warmupMs;
  const measureEnds = warmupEnds + plan.durationMs;
  let measuredStart = 0;
  let measuredEnd = 0;

  async function client(): Promise<void> {
    for (;;) {
      const now = performance.now();
      if (now >= measureEnds || latencies.length + errors >= plan.maxRequests) return;
      const target = plan.requests[next++ % plan.requests.length]!;
      const started = performance.now();
      let failure: string | null = null;
      try {
        const { status, body } = await post(agent, target);
        if (status !== 200 || body.includes('"errors":')) failure = `${status} ${body.slice(0, 300)}`;
      } catch (error) {
        failure = String(error);
      }
      const ended = performance.now();
      sent++;
      if (started < warmupEnds) continue;
      if (measuredStart === 0) measuredStart = started;
      measuredEnd = Math.max(measuredEnd, ended);
      if (failure) {
        errors++;
        firstError ??= failure;
      } else latencies.push(ended - started);
    }
  }

  await Promise.all(Array.from({ length: plan.connections }, client));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const seconds = measuredStart === 0 ? 0 : (measuredEnd - measuredStart) / 1000;
  return {
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    rps: seconds > 0 ? latencies.length / seconds : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    sent,
    localCpuMs: 0,
    latenciesMs: latencies,
  };
}

// The bench process went away (aborted): stop at once instead of loading a dead server.
process.once('disconnect', () => process.exit(0));
process.once('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => process.send!({ failed: String(error) }, () => process.exit(1)),
  );
});
