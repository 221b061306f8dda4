import { performance } from 'node:perf_hooks';
import { createRecordService, EventBus, loadSnapshot } from '@relata/core';
import { percentile } from '../percentile';
import { num, ratio } from '../report';
import { SYSTEM_ACTOR } from '../seed';
import type { BenchContext } from './bench-context';
import { measureLibraryQueue } from './job-queue';
import {
  activeWorkflow,
  benchWorker,
  setUpDeals,
  THREE_STEPS,
  WORKER_CONCURRENCY,
  type WorkflowBench,
  waitForRuns,
} from './workflow-bench-setup';

/** Updates per phase; each update with the workflow active starts one 3-step run. */
const UPDATES = 3_000;
/** Updates in flight at once (a busy API node). */
const WRITERS = 8;
/** Runs of the latency phase, started at 100 per second. */
const LATENCY_RUNS = 300;

const DEFINITION = { trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['seats'] }, steps: THREE_STEPS };

/** Updates every deal once, WRITERS at a time, through the record service with the workflow hooks: updates/s. */
async function updateAll(ctx: BenchContext, bench: WorkflowBench, seats: number): Promise<number> {
  const records = createRecordService({ db: ctx.db, events: new EventBus('bench-workflows'), hooks: bench.hooks });
  const write = { snapshot: await loadSnapshot(ctx.db, bench.workspaceId), actor: SYSTEM_ACTOR, via: 'api' as const };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < bench.deals.length) await records.update(write, 'deal', bench.deals[next++]!, { seats });
    }),
  );
  return bench.deals.length / ((performance.now() - started) / 1000);
}

/** Issue 10's performance section: the write path with a workflow, the run rate, the start latency. */
export async function workflows(ctx: BenchContext): Promise<void> {
  const bench = await setUpDeals(ctx, 'wfbench', UPDATES);
  const bare = await updateAll(ctx, bench, 1);
  await activeWorkflow(ctx, bench.workspaceId, DEFINITION);
  // The same updates with the workflow active (no worker running: the write path alone).
  const withWorkflow = await updateAll(ctx, bench, 2);

  // The runs those updates queued, drained by one worker.
  let started = performance.now();
  const worker = await benchWorker(ctx, bench, 'bench-workflows');
  let runsPerSecond = 0;
  const latencies: number[] = [];
  try {
    await waitForRuns(ctx, bench.workspaceId, UPDATES);
    runsPerSecond = UPDATES / ((performance.now() - started) / 1000);
    // Commit-to-first-step latency at 100 runs/s on an idle worker.
    const records = createRecordService({ db: ctx.db, events: new EventBus('bench-workflows'), hooks: bench.hooks });
    const write = { snapshot: await loadSnapshot(ctx.db, bench.workspaceId), actor: SYSTEM_ACTOR, via: 'api' as const };
    const committed = new Map<string, number>();
    started = performance.now();
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const id = bench.deals[i]!;
      await records.update(write, 'deal', id, { seats: 3 });
      committed.set(id, Date.now());
      const due = started + (i + 1) * 10;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
    await waitForRuns(ctx, bench.workspaceId, UPDATES + LATENCY_RUNS);
    const { rows } = await ctx.db.query<{ record_id: string; started_at: Date }>(
      `select r.record_id, s.started_at from relata.workflow_runs r
       join relata.workflow_step_runs s on s.run_id = r.id and s.step_key = 'big'
       where r.workspace_id = $1 and r.record_id = any($2::uuid[]) and r.started_at > $3`,
      [bench.workspaceId, [...committed.keys()], new Date(Date.now() - 600_000)],
    );
    for (const row of rows) {
      const at = committed.get(row.record_id);
      if (at !== undefined && row.started_at.getTime() >= at - 5) latencies.push(row.started_at.getTime() - at);
    }
    latencies.sort((a, b) => a - b);
  } finally {
    await worker.stop();
  }
  const library = await measureLibraryQueue(ctx);

  const share = withWorkflow / bare;
  ctx.rows.push({
    metric: `10a. ${num(UPDATES)} record updates (${WRITERS} at once) with an active 3-step workflow: updates/s`,
    relata: num(withWorkflow),
    baseline: `${num(bare)} (same updates, no workflow)`,
    ratio: ratio(withWorkflow, bare),
    target: '>= 0.7',
    pass: share >= 0.7,
  });
  ctx.rows.push({
    metric: `10b. ${num(UPDATES)} queued 3-step runs completed by one worker (${WORKER_CONCURRENCY} at once): runs/s`,
    relata: num(runsPerSecond),
    baseline: `${num(library.drainPerSecond)} jobs/s (graphile-worker alone, no-op jobs)`,
    ratio: ratio(runsPerSecond, library.drainPerSecond),
    target: '>= 1,000 runs/s',
    pass: runsPerSecond >= 1000,
  });
  for (const [label, value, limit] of [
    ['p50', percentile(latencies, 50), 20],
    ['p99', percentile(latencies, 99), 100],
  ] as const) {
    ctx.rows.push({
      metric: `10c. commit-to-first-step latency ${label} at 100 runs/s (${latencies.length} runs): ms`,
      relata: num(value, 1),
      baseline: '—',
      ratio: '—',
      target: `< ${limit} ms`,
      pass: value < limit,
    });
  }
}
