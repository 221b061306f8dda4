import { performance } from 'node:perf_hooks';
import { loadSnapshot, pruneWorkflowRuns, startManualRuns } from '@relata/core';
import { num, ratio } from '../report';
import { SYSTEM_ACTOR } from '../seed';
import type { BenchContext } from './bench-context';
import {
  activeWorkflow,
  benchWorker,
  setUpDeals,
  THREE_STEPS,
  WORKER_CONCURRENCY,
  waitForRuns,
} from './workflow-bench-setup';

/** Runs queued before the worker starts (a backlog after downtime, or a manual run over a big list). */
const PENDING = 10_000;
/** Runs started per call, as a list selection starts them. */
const PER_CALL = 1_000;
/** The first and last runs whose rate is compared. */
const WINDOW = 1_000;

const rate = (runs: number, ms: number) => runs / (Math.max(ms, 1) / 1000);

/**
 * Issue 10: 10,000 pending 3-step runs drain without stalling. The runs are queued by manual
 * starts (one statement per thousand), then one worker drains them; the finish times of the runs
 * give the rate of the first and of the last thousand and the longest pause between two runs.
 * Afterwards the queue must hold no job, and the retention prune removes the finished runs.
 */
export async function workflowDrain(ctx: BenchContext): Promise<void> {
  const bench = await setUpDeals(ctx, 'wfdrain', PENDING);
  const workflowId = await activeWorkflow(ctx, bench.workspaceId, {
    trigger: { type: 'MANUAL', object: 'deal' },
    steps: THREE_STEPS,
  });
  const caller = {
    db: ctx.db,
    snapshot: await loadSnapshot(ctx.db, bench.workspaceId),
    access: { permissions: { role: 'admin', unrestricted: true as const, objects: new Map() }, actorId: null },
    actor: SYSTEM_ACTOR,
    maxRecords: PER_CALL,
  };
  let at = performance.now();
  for (let i = 0; i < PENDING; i += PER_CALL)
    await startManualRuns(caller, workflowId, bench.deals.slice(i, i + PER_CALL));
  const queuedPerSecond = rate(PENDING, performance.now() - at);

  const begun = new Date();
  const worker = await benchWorker(ctx, bench, 'bench-drain');
  try {
    await waitForRuns(ctx, bench.workspaceId, PENDING);
  } finally {
    await worker.stop();
  }
  const { rows } = await ctx.db.query<{ finished_at: Date }>(
    `select finished_at from relata.workflow_runs where workspace_id = $1 and status = 'SUCCEEDED' order by finished_at`,
    [bench.workspaceId],
  );
  const times = rows.map((row) => row.finished_at.getTime());
  const last = times[times.length - 1]!;
  const first = rate(WINDOW, times[WINDOW - 1]! - begun.getTime());
  const closing = rate(WINDOW, last - times[times.length - 1 - WINDOW]!);
  const overall = rate(PENDING, last - begun.getTime());
  let longestPause = 0;
  for (let i = 1; i < times.length; i++) longestPause = Math.max(longestPause, times[i]! - times[i - 1]!);
  const left = Number((await ctx.db.query<{ n: string }>('select count(*) as n from graphile_worker.jobs')).rows[0]!.n);
  at = performance.now();
  // Retention 0 days: every finished run is past it.
  const pruned = await pruneWorkflowRuns(ctx.db, 0);
  const pruneMs = performance.now() - at;
  const kept = Number(
    (
      await ctx.db.query<{ n: string }>('select count(*) as n from relata.workflow_runs where workspace_id = $1', [
        bench.workspaceId,
      ])
    ).rows[0]!.n,
  );

  ctx.rows.push({
    metric: `10d. ${num(PENDING)} pending 3-step runs (queued at ${num(queuedPerSecond)}/s) drained by one worker (${WORKER_CONCURRENCY} at once): runs/s`,
    relata: num(overall),
    baseline: '—',
    ratio: '—',
    target: 'no stall',
    pass: null,
  });
  ctx.rows.push({
    metric: `10d. same: drain rate of the first / last ${num(WINDOW)} runs, runs/s; longest pause between two runs`,
    relata: `${num(first)} / ${num(closing)}; ${num(longestPause)} ms`,
    baseline: `${num(first)} (first ${num(WINDOW)})`,
    ratio: ratio(closing, first),
    target: 'last >= 0.5 of first, pause < 1 s',
    pass: closing >= 0.5 * first && longestPause < 1000,
  });
  ctx.rows.push({
    metric: '10d. same: jobs left in the queue after the drain; finished runs removed by the retention prune (ms)',
    relata: `${num(left)} jobs; ${num(pruned)} runs pruned in ${num(pruneMs)} ms, ${num(kept)} left`,
    baseline: '—',
    ratio: '—',
    target: '0 jobs; every finished run pruned',
    pass: left === 0 && pruned >= PENDING && kept === 0,
  });
}
