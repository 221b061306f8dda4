import { performance } from 'node:perf_hooks';
import {
  createMetadataService,
  createRecordService,
  createWorkflowService,
  createWorkspace,
  EventBus,
  installStandardObjects,
  loadSnapshot,
  type RecordHooks,
  type WorkspaceSnapshot,
} from '@relata/core';
import { startWorker, WorkspaceManager, withWorkflowHooks } from '@relata/runtime';
import { percentile } from '../percentile';
import { num, ratio } from '../report';
import { SYSTEM_ACTOR } from '../seed';
import type { BenchContext } from './bench-context';
import { measureLibraryQueue } from './job-queue';

/** Updates per phase; each update with the workflow active starts one 3-step run. */
const UPDATES = 3_000;
/** Updates in flight at once (a busy API node). */
const WRITERS = 8;
const WORKER_CONCURRENCY = 10;
/** Runs of the latency phase, started at 100 per second. */
const LATENCY_RUNS = 300;

/** The 3-step workflow: a condition, an update of another record (the deal's tally), a task. */
const DEFINITION = {
  trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['seats'] },
  steps: [
    { key: 'big', type: 'condition', settings: { branches: [{ when: 'record.seats >= 0', next: 'tally' }] } },
    {
      key: 'tally',
      type: 'update_records',
      settings: {
        object: 'tally',
        filter: { deal: { eq: '{{ record.id }}' } },
        values: { last: '{{ record.seats }}' },
      },
      next: 'task',
    },
    { key: 'task', type: 'create_task', settings: { values: { title: 'Follow up {{ record.title }}' } } },
  ],
};

interface Bench {
  workspaceId: string;
  snapshot: WorkspaceSnapshot;
  deals: string[];
  hooks: RecordHooks;
}

async function setUp(ctx: BenchContext): Promise<Bench> {
  const workspace = await createWorkspace(ctx.db, { slug: 'wfbench', name: 'Workflow bench' });
  await installStandardObjects(ctx.db, workspace.id);
  const metadata = createMetadataService({ db: ctx.db });
  for (const [singular, plural, fields] of [
    [
      'deal',
      'deals',
      [
        ['title', 'TEXT'],
        ['seats', 'NUMBER'],
      ],
    ],
    [
      'tally',
      'tallies',
      [
        ['last', 'NUMBER'],
        ['deal', 'TEXT'],
      ],
    ],
  ] as const) {
    await metadata.createObject(workspace.id, {
      nameSingular: singular,
      namePlural: plural,
      labelSingular: singular,
      labelPlural: plural,
    });
    for (const [name, type] of fields) await metadata.createField(workspace.id, singular, { name, label: name, type });
  }
  const snapshot = await loadSnapshot(ctx.db, workspace.id);
  const records = createRecordService({ db: ctx.db, events: new EventBus('bench-workflows') });
  const write = { snapshot, actor: SYSTEM_ACTOR, via: 'import' as const };
  const created = await records.createMany(
    write,
    'deal',
    Array.from({ length: UPDATES }, (_, i) => ({ title: `Deal ${i}`, seats: 0 })),
  );
  // Each deal has its own tally, so runs do not queue on one row.
  await records.createMany(
    write,
    'tally',
    created.map((deal) => ({ last: 0, deal: deal.id })),
  );
  return {
    workspaceId: workspace.id,
    snapshot,
    deals: created.map((r) => r.id as string),
    hooks: withWorkflowHooks(ctx.db),
  };
}

/** Updates every deal once, WRITERS at a time, through the record service with the workflow hooks: updates/s. */
async function updateAll(ctx: BenchContext, bench: Bench, seats: number): Promise<number> {
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

const finishedRuns = async (ctx: BenchContext, workspaceId: string) =>
  Number(
    (
      await ctx.db.query<{ n: string }>(
        `select count(*) as n from relata.workflow_runs where workspace_id = $1 and status = 'SUCCEEDED'`,
        [workspaceId],
      )
    ).rows[0]!.n,
  );

async function waitForRuns(ctx: BenchContext, workspaceId: string, count: number): Promise<void> {
  while ((await finishedRuns(ctx, workspaceId)) < count) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Issue 10's performance section: the write path with a workflow, the run rate, the start latency. */
export async function workflows(ctx: BenchContext): Promise<void> {
  const bench = await setUp(ctx);
  const bare = await updateAll(ctx, bench, 1);
  const service = createWorkflowService({ db: ctx.db });
  const workflow = await service.create(bench.workspaceId, { name: 'Bench', definition: DEFINITION }, SYSTEM_ACTOR);
  await service.activate(bench.workspaceId, workflow.id, SYSTEM_ACTOR);
  // The same updates with the workflow active (no worker running: the write path alone).
  const withWorkflow = await updateAll(ctx, bench, 2);

  // The runs those updates queued, drained by one worker.
  const workspaces = new WorkspaceManager(ctx.db);
  let started = performance.now();
  const worker = await startWorker({
    opened: ctx.bench.opened,
    db: ctx.db,
    events: new EventBus('bench-workflow-worker'),
    hooks: bench.hooks,
    snapshotOf: (id) => workspaces.snapshotOf(id),
    recycleBinDays: null,
    concurrency: WORKER_CONCURRENCY,
    nodeId: 'bench-workflows',
  });
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
