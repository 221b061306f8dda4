import { badInput } from '../errors';
import {
  analyseDefinition,
  cancelRun,
  createStepTypeRegistry,
  createWorkflowService,
  type DryRunResult,
  type DryRunStep,
  dryRunWorkflow,
  listRuns,
  retryRun,
  type WorkflowRunInfo,
  type WorkflowStepRunInfo,
} from '../workflows';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

interface DryRunArgs {
  workflowId?: string | number | null;
  definition?: unknown;
  recordId?: string | number | null;
  payload?: unknown;
}

/** Checks the definition (a saved workflow's draft or a given one) and runs it in a rolled-back transaction. */
async function dryRun(ctx: MetadataRequestContext, args: DryRunArgs): Promise<DryRunResult> {
  const given = (value: unknown) => value !== undefined && value !== null;
  if (given(args.workflowId) === given(args.definition)) {
    throw badInput('workflowId', 'Give either workflowId or definition.');
  }
  if (given(args.recordId) && given(args.payload))
    throw badInput('payload', 'Give either recordId or payload, not both.');
  let named = args.definition;
  let workflowId: string | null = null;
  if (given(args.workflowId)) {
    const workflow = await (ctx.workflows ?? createWorkflowService({ db: ctx.db })).get(
      ctx.workspaceId,
      String(args.workflowId),
    );
    if (!workflow.definition) throw badInput('workflowId', 'This workflow has no definition yet.');
    named = workflow.definition;
    workflowId = workflow.id;
  }
  const snapshot = await loadSnapshot(ctx.db, ctx.workspaceId);
  const analysis = analyseDefinition({ snapshot, registry: createStepTypeRegistry() }, named);
  return dryRunWorkflow(
    { db: ctx.db, snapshot, mail: ctx.mail ?? null },
    {
      analysis,
      workflowId,
      recordId: given(args.recordId) ? String(args.recordId) : null,
      payload: args.payload,
      actor: ctx.actor,
    },
  );
}

function addDryRunField(builder: MetadataBuilder) {
  const DryRunStepRef = builder.objectRef<DryRunStep>('WorkflowDryRunStep').implement({
    description: 'One step as the dry run ran it: its evaluated settings, what it would change, its output.',
    fields: (t) => ({
      stepId: t.exposeString('stepId', { description: "The step's key." }),
      type: t.exposeString('type'),
      status: t.exposeString('status', { description: 'DONE, FAILED, or WAITING (a real run would pause here).' }),
      iteration: t.exposeString('iteration', { description: 'The loop item path ("0", "2.0"); "" outside loops.' }),
      input: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.input }),
      effects: t.field({
        type: ['JSON'],
        description: 'What it would do: { kind: create | update | delete | email | http | notify | assign, ... }.',
        resolve: (s) => s.effects,
      }),
      output: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.output }),
      error: t.exposeString('error', { nullable: true }),
    }),
  });
  const DryRunRef = builder.objectRef<DryRunResult>('WorkflowDryRun').implement({
    fields: (t) => ({
      steps: t.field({ type: [DryRunStepRef], resolve: (r) => r.steps }),
      error: t.exposeString('error', { nullable: true, description: 'Why the dry run stopped early.' }),
    }),
  });
  builder.mutationFields((t) => ({
    dryRunWorkflow: t.field({
      type: DryRunRef,
      description:
        'Runs a workflow (a saved one, or a definition) on a record or a sample payload without any side effect: its writes are rolled back, no HTTP call is made, no mail sent.',
      args: {
        workflowId: t.arg.id(),
        definition: t.arg({ type: 'JSON' }),
        recordId: t.arg.id(),
        payload: t.arg({ type: 'JSON' }),
      },
      resolve: (_r, args, ctx) => dryRun(ctx, args),
    }),
  }));
}

/**
 * Run history on `/metadata` (admins only, who may read every field: the run log holds record
 * values). `workflowRuns`, `retryWorkflowRun`, `cancelWorkflowRun`.
 */
export function addWorkflowRunFields(builder: MetadataBuilder) {
  addDryRunField(builder);
  const StepRunRef = builder.objectRef<WorkflowStepRunInfo>('WorkflowStepRun').implement({
    description: 'One attempt of one step: its evaluated settings (input), its result (output), duration and error.',
    fields: (t) => ({
      step: t.exposeString('step'),
      attempt: t.exposeInt('attempt'),
      status: t.exposeString('status'),
      input: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.input }),
      output: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.output }),
      error: t.exposeString('error', { nullable: true }),
      iteration: t.exposeString('iteration', { description: 'The loop item path ("0", "2.0"); "" outside loops.' }),
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
