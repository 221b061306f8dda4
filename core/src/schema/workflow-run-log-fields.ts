import { notFound } from '../errors';
import { canReadObject } from '../query';
import { MAX_RUN_LOG_PAGE, type RunLogEntry, readRunLog, type WorkflowStepRunInfo } from '../workflows';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestAccess, requestPermissions } from './root-context';

/**
 * Workflow run logs for members: `workflowRuns(workflowId)` (a workflow's run history) and
 * `recordWorkflowRuns(object, recordId)` (a record's timeline), filtered by the reader's rights
 * (core/src/workflows/engine/run-log.ts). The admin's unfiltered view stays on /metadata.
 */
export function addWorkflowRunLogFields(builder: DataBuilder, env: RootFieldEnv) {
  const reader = (ctx: DataRequestContext) => ({ snapshot: ctx.snapshot, access: requestAccess(env, ctx) });
  const step = builder.objectRef<WorkflowStepRunInfo>('WorkflowStepRun').implement({
    description: 'One attempt of one step; values the reader may not read are left out.',
    fields: (t) => ({
      step: t.exposeString('step'),
      iteration: t.exposeString('iteration', { description: 'The loop item path ("0", "2.0"); "" outside loops.' }),
      attempt: t.exposeInt('attempt'),
      status: t.exposeString('status', { description: 'SUCCEEDED or FAILED.' }),
      input: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.input }),
      output: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.output }),
      error: t.exposeString('error', { nullable: true }),
      startedAt: t.field({ type: 'DateTime', resolve: (s) => s.startedAt }),
      durationMs: t.exposeInt('durationMs'),
    }),
  });
  const run = builder.objectRef<RunLogEntry>('WorkflowRun').implement({
    description: 'A run of a workflow about a record the reader may read.',
    fields: (t) => ({
      id: t.exposeID('id'),
      workflowId: t.exposeID('workflowId'),
      workflowName: t.exposeString('workflowName'),
      version: t.exposeInt('version'),
      status: t.exposeString('status', { description: 'RUNNING, WAITING, SUCCEEDED, FAILED or CANCELLED.' }),
      object: t.exposeString('object', { nullable: true }),
      recordId: t.exposeID('recordId', { nullable: true }),
      error: t.exposeString('error', { nullable: true }),
      startedAt: t.field({ type: 'DateTime', resolve: (r) => r.startedAt.toISOString() }),
      finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.finishedAt?.toISOString() ?? null }),
      steps: t.field({ type: [step], resolve: (r) => r.steps }),
    }),
  });
  builder.queryFields((t) => ({
    workflowRuns: t.field({
      type: [run],
      description: `Runs of a workflow, newest first (at most ${MAX_RUN_LOG_PAGE}), about records the reader may read.`,
      args: { workflowId: t.arg.id({ required: true }), first: t.arg.int({ defaultValue: 20 }) },
      resolve: (_root, args, ctx) =>
        readRunLog(ctx.db, reader(ctx), { workflowId: String(args.workflowId) }, args.first ?? 20),
    }),
    recordWorkflowRuns: t.field({
      type: [run],
      description: 'Runs a record started, newest first: its timeline of automation.',
      args: {
        object: t.arg.string({ required: true }),
        recordId: t.arg.id({ required: true }),
        first: t.arg.int({ defaultValue: 20 }),
      },
      resolve: (_root, args, ctx) => {
        const object = ctx.snapshot.objects.find((o) => o.nameSingular === args.object);
        // An object the reader cannot read is answered like an unknown one.
        if (!object || !canReadObject(requestPermissions(env, ctx), object)) {
          throw notFound(`There is no object "${args.object}".`, { field: 'object' });
        }
        return readRunLog(ctx.db, reader(ctx), { object, recordId: String(args.recordId) }, args.first ?? 20);
      },
    }),
  }));
}
