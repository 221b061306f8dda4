import { cancelRun, listRuns, retryRun, type WorkflowRunInfo, type WorkflowStepRunInfo } from '../workflows';
import type { MetadataBuilder } from './builder';

/**
 * Run history on `/metadata` (admins only, who may read every field: the run log holds record
 * values). `workflowRuns`, `retryWorkflowRun`, `cancelWorkflowRun`.
 */
export function addWorkflowRunFields(builder: MetadataBuilder) {
  const StepRunRef = builder.objectRef<WorkflowStepRunInfo>('WorkflowStepRun').implement({
    description: 'One attempt of one step: its evaluated settings (input), its result (output), duration and error.',
    fields: (t) => ({
      step: t.exposeString('step'),
      attempt: t.exposeInt('attempt'),
      status: t.exposeString('status'),
      input: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.input }),
      output: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.output }),
      error: t.exposeString('error', { nullable: true }),
      startedAt: t.exposeString('startedAt'),
      durationMs: t.exposeInt('durationMs'),
    }),
  });
  const RunRef = builder.objectRef<WorkflowRunInfo>('WorkflowRun').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      workflowId: t.exposeID('workflowId'),
      version: t.exposeInt('version'),
      status: t.exposeString('status', { description: 'RUNNING, WAITING, SUCCEEDED, FAILED or CANCELLED.' }),
      recordId: t.exposeID('recordId', { nullable: true }),
      depth: t.exposeInt('depth', { description: 'How many workflow writes led to this run.' }),
      currentStep: t.exposeString('currentStep', { nullable: true }),
      error: t.exposeString('error', { nullable: true }),
      startedAt: t.exposeString('startedAt'),
      finishedAt: t.exposeString('finishedAt', { nullable: true }),
      steps: t.field({ type: [StepRunRef], resolve: (r) => r.steps }),
    }),
  });
  builder.queryFields((t) => ({
    workflowRuns: t.field({
      type: [RunRef],
      description: 'Runs of a workflow, newest first, with their step log.',
      args: { workflowId: t.arg.id({ required: true }), first: t.arg.int({ defaultValue: 50 }) },
      resolve: (_r, args, ctx) => listRuns(ctx.db, ctx.workspaceId, String(args.workflowId), args.first ?? 50),
    }),
  }));
  builder.mutationFields((t) => ({
    retryWorkflowRun: t.field({
      type: RunRef,
      description: 'Runs a failed run again from the step that failed.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => retryRun(ctx.db, ctx.workspaceId, String(args.id)),
    }),
    cancelWorkflowRun: t.field({
      type: RunRef,
      description: 'Cancels a running or waiting run; its next step never starts.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => cancelRun(ctx.db, ctx.workspaceId, String(args.id)),
    }),
  }));
}
