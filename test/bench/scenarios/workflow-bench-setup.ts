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
import { type JobWorker, startWorker, WorkspaceManager, withWorkflowHooks } from '@relata/runtime';
import { SYSTEM_ACTOR } from '../seed';
import type { BenchContext } from './bench-context';

export const WORKER_CONCURRENCY = 10;

/** The 3-step workflow: a condition, an update of another record (the deal's tally), a task. */
export const THREE_STEPS = [
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
];

export interface WorkflowBench {
  workspaceId: string;
  snapshot: WorkspaceSnapshot;
  deals: string[];
  hooks: RecordHooks;
}

/** A workspace with `count` deals, each with its own tally (so runs do not queue on one row). */
export async function setUpDeals(ctx: BenchContext, slug: string, count: number): Promise<WorkflowBench> {
  const workspace = await createWorkspace(ctx.db, { slug, name: 'Workflow bench' });
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
    Array.from({ length: count }, (_, i) => ({ title: `Deal ${i}`, seats: 0 })),
  );
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

/** Creates and activates a workflow; answers its id. */
export async function activeWorkflow(ctx: BenchContext, workspaceId: string, definition: unknown): Promise<string> {
  const service = createWorkflowService({ db: ctx.db });
  const workflow = await service.create(workspaceId, { name: 'Bench', definition }, SYSTEM_ACTOR);
  await service.activate(workspaceId, workflow.id, SYSTEM_ACTOR);
  return workflow.id;
}

/** One worker process's worker, as `relata worker` runs it. */
export function benchWorker(ctx: BenchContext, bench: WorkflowBench, nodeId: string): Promise<JobWorker> {
  const workspaces = new WorkspaceManager(ctx.db);
  return startWorker({
    opened: ctx.bench.opened,
    db: ctx.db,
    events: new EventBus(nodeId),
    hooks: bench.hooks,
    snapshotOf: (id) => workspaces.snapshotOf(id),
    recycleBinDays: null,
    runRetentionDays: null,
    concurrency: WORKER_CONCURRENCY,
    nodeId,
  });
}

/** Runs of the workspace that succeeded. */
export const finishedRuns = async (ctx: BenchContext, workspaceId: string) =>
  Number(
    (
      await ctx.db.query<{ n: string }>(
        `select count(*) as n from relata.workflow_runs where workspace_id = $1 and status = 'SUCCEEDED'`,
        [workspaceId],
      )
    ).rows[0]!.n,
  );

export async function waitForRuns(ctx: BenchContext, workspaceId: string, count: number): Promise<void> {
  while ((await finishedRuns(ctx, workspaceId)) < count) await new Promise((resolve) => setTimeout(resolve, 50));
}
