import { performance } from 'node:perf_hooks';
import { CHANGE_JOB_TASK, type CommittedWrite, EventBus, enqueueJobs, type JobSpec } from '@relata/core';
import { logPoolErrors, queueLogger, startWorker, WorkspaceManager, workerPreset } from '@relata/runtime';
import { makeWorkerUtils, run } from 'graphile-worker';
import pg from 'pg';
import { ROUNDS } from '../load';
import { percentile } from '../percentile';
import { num, ratio } from '../report';
import type { BenchContext } from './bench-context';

const JOBS = 5_000;
const PER_TRANSACTION = 100;
const CONCURRENCY = 10;
const LATENCY_SAMPLES = 200;
const NOOP_TASK = 'bench:noop';

/** Counts task starts and lets a phase wait for the n-th, or for one tagged job. */
class Starts {
  count = 0;
  private waiting: { n: number; resolve: () => void } | null = null;
  private readonly tagged = new Map<number, () => void>();
  seen(tag: number | undefined): void {
    this.count++;
    if (tag !== undefined) this.tagged.get(tag)?.();
    if (this.waiting && this.count >= this.waiting.n) this.waiting.resolve();
  }
  reach(n: number): Promise<void> {
    return this.count >= n ? Promise.resolve() : new Promise((resolve) => (this.waiting = { n, resolve }));
  }
  tag(tag: number): Promise<void> {
    return new Promise((resolve) => this.tagged.set(tag, resolve));
  }
}

/** One queue as the bench drives it: enqueue a batch in one transaction; start and stop a worker. */
interface Subject {
  enqueue(tags: readonly number[]): Promise<void>;
  startWorker(starts: Starts): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A change job of one write, as the record service enqueues it; the tag travels in the record. */
function changeJob(ctx: BenchContext, tag: number): JobSpec {
  const id = `0190b000-0000-7000-8000-${String(tag).padStart(12, '0')}`;
  const event = {
    workspaceId: ctx.crm.snapshot.workspaceId,
    object: 'company',
    kind: 'CREATED',
    recordId: id,
    version: 1,
    changedFields: [],
    actorId: null,
    nodeId: 'bench',
    at: new Date().toISOString(),
  };
  const record = { id, name: `Company ${tag}`, tag };
  return {
    task: CHANGE_JOB_TASK,
    payload: {
      workspaceId: ctx.crm.snapshot.workspaceId,
      object: 'company',
      actor: { kind: 'system', id: null, role: 'admin' },
      via: 'system',
      writes: [{ kind: 'create', object: 'company', id, data: record, record, event }],
    },
  };
}

/** Relata: change jobs enqueued through `enqueueJobs`, run by `startWorker` into an after-hook. */
function relataSubject(ctx: BenchContext): Subject {
  const workspaces = new WorkspaceManager(ctx.db);
  return {
    enqueue: (tags) =>
      ctx.db.transaction((tx) =>
        enqueueJobs(
          tx,
          tags.map((tag) => changeJob(ctx, tag)),
        ),
      ),
    async startWorker(starts) {
      const onWrite = (write: CommittedWrite) => starts.seen(write.record?.tag as number | undefined);
      const worker = await startWorker({
        opened: ctx.bench.opened,
        db: ctx.db,
        events: new EventBus('bench-queue'),
        hooks: { before: [], after: [onWrite] },
        snapshotOf: (workspaceId) => workspaces.snapshotOf(workspaceId),
        recycleBinDays: null,
        concurrency: CONCURRENCY,
        nodeId: 'bench',
      });
      return () => worker.stop();
    },
    close: async () => undefined,
  };
}

/**
 * graphile-worker alone: the same payloads through its own `addJobs` and `run` (with the settings
 * Relata gives it), into a no-op task.
 */
async function librarySubject(ctx: BenchContext): Promise<Subject> {
  const pool = logPoolErrors(new pg.Pool({ ...ctx.bench.opened.connection, max: CONCURRENCY + 2 }), 'bench queue');
  const utils = await makeWorkerUtils({ pgPool: pool, logger: queueLogger });
  return {
    enqueue: async (tags) => {
      await utils.addJobs(tags.map((tag) => ({ identifier: NOOP_TASK, payload: changeJob(ctx, tag).payload })));
    },
    async startWorker(starts) {
      const runner = await run({
        pgPool: pool,
        concurrency: CONCURRENCY,
        logger: queueLogger,
        noHandleSignals: true,
        preset: workerPreset(CONCURRENCY),
        taskList: {
          [NOOP_TASK]: (payload) => {
            const write = (payload as { writes: { record: { tag: number } }[] }).writes[0];
            starts.seen(write?.record.tag);
          },
        },
      });
      return () => runner.stop();
    },
    async close() {
      await utils.release();
      await pool.end();
    },
  };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function enqueueAll(subject: Subject, from: number): Promise<void> {
  for (let offset = 0; offset < JOBS; offset += PER_TRANSACTION)
    await subject.enqueue(range(from + offset, PER_TRANSACTION));
}

export interface QueueFigures {
  enqueuePerSecond: number;
  drainPerSecond: number;
  throughPerSecond: number;
  p50: number;
  p99: number;
}

async function measure(subject: Subject): Promise<QueueFigures> {
  // Enqueue alone, then the drain of what is queued.
  let started = performance.now();
  await enqueueAll(subject, 0);
  const enqueuePerSecond = JOBS / ((performance.now() - started) / 1000);
  const starts = new Starts();
  started = performance.now();
  const stop = await subject.startWorker(starts);
  try {
    await starts.reach(JOBS);
    const drainPerSecond = JOBS / ((performance.now() - started) / 1000);
    // Enqueued and processed at once, one worker running.
    started = performance.now();
    await enqueueAll(subject, JOBS);
    await starts.reach(2 * JOBS);
    const throughPerSecond = JOBS / ((performance.now() - started) / 1000);
    // Enqueue-to-start of single jobs on an idle worker.
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const tag = 2 * JOBS + i;
      const begun = starts.tag(tag);
      const at = performance.now();
      await subject.enqueue([tag]);
      await begun;
      latencies.push(performance.now() - at);
    }
    latencies.sort((a, b) => a - b);
    return {
      enqueuePerSecond,
      drainPerSecond,
      throughPerSecond,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await stop();
  }
}

/** graphile-worker alone on the bench database: the queue library's own figures. */
export async function measureLibraryQueue(ctx: BenchContext): Promise<QueueFigures> {
  const library = await librarySubject(ctx);
  try {
    return await measure(library);
  } finally {
    await library.close();
  }
}

/** Each figure's median over the runs. */
function medianFigures(runs: readonly QueueFigures[]): QueueFigures {
  const median = (pick: (figures: QueueFigures) => number) =>
    percentile(
      runs.map(pick).sort((a, b) => a - b),
      50,
    );
  return {
    enqueuePerSecond: median((f) => f.enqueuePerSecond),
    drainPerSecond: median((f) => f.drainPerSecond),
    throughPerSecond: median((f) => f.throughPerSecond),
    p50: median((f) => f.p50),
    p99: median((f) => f.p99),
  };
}

/**
 * Both queues measured in alternated rounds, each figure the median of its rounds: a round lasts
 * seconds, so one round each let a burst of background load decide the ratio (9c read 1.01 in one
 * run and 0.69 in the next).
 */
async function alternatedRounds(ctx: BenchContext): Promise<{ ours: QueueFigures; base: QueueFigures }> {
  const library = await librarySubject(ctx);
  const relata = relataSubject(ctx);
  const ours: QueueFigures[] = [];
  const base: QueueFigures[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      base.push(await measure(library));
      ours.push(await measure(relata));
    }
  } finally {
    await library.close();
  }
  return { ours: medianFigures(ours), base: medianFigures(base) };
}

/**
 * Issue 9, the job queue: Relata's enqueue (in the write's transaction) and worker (change jobs
 * into an after-hook, with its payload check and metadata lookup) against graphile-worker alone
 * on the same database, payloads and concurrency.
 */
export async function jobQueue(ctx: BenchContext): Promise<void> {
  const { ours, base } = await alternatedRounds(ctx);
  const rows: Array<[string, number, number, string]> = [
    [
      `9a. job queue: enqueue ${num(JOBS)} jobs in transactions of ${PER_TRANSACTION}: jobs/s`,
      ours.enqueuePerSecond,
      base.enqueuePerSecond,
      '>= 0.9',
    ],
    [
      `9b. job queue: drain ${num(JOBS)} queued jobs, one worker, ${CONCURRENCY} at once: jobs/s`,
      ours.drainPerSecond,
      base.drainPerSecond,
      '>= 0.8',
    ],
    [
      `9c. job queue: ${num(JOBS)} jobs enqueued (tx of ${PER_TRANSACTION}) and processed by one worker: jobs/s`,
      ours.throughPerSecond,
      base.throughPerSecond,
      '>= 0.8',
    ],
  ];
  for (const [metric, relata, baseline, target] of rows) {
    const share = relata / baseline;
    ctx.rows.push({
      metric,
      relata: num(relata),
      baseline: `${num(baseline)} (graphile-worker alone)`,
      ratio: ratio(relata, baseline),
      target,
      pass: share >= Number(target.slice(3)),
    });
  }
  for (const [label, relata, baseline] of [
    ['p50', ours.p50, base.p50],
    ['p99', ours.p99, base.p99],
  ] as const) {
    ctx.rows.push({
      metric: `9d. job queue: enqueue-to-start latency ${label} (idle worker): ms`,
      relata: num(relata, 1),
      baseline: `${num(baseline, 1)} (graphile-worker alone)`,
      ratio: ratio(relata, baseline),
      target: 'measure',
      pass: null,
    });
  }
}
