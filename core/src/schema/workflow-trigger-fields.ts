import {
  listManualWorkflows,
  type ManualCaller,
  type ManualRunStart,
  type ManualWorkflow,
  startManualRuns,
} from '../workflows';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestAccess } from './root-context';

/**
 * Manual workflow triggers on the data endpoint: `manualWorkflows(object)` lists the buttons a
 * record page or list selection shows, `runWorkflow` starts one run per record. Both follow the
 * caller's rights: an object they cannot read has no workflows, a record they cannot read no run.
 */
export function addWorkflowTriggerFields(builder: DataBuilder, env: RootFieldEnv) {
  const caller = (ctx: DataRequestContext): ManualCaller => ({
    db: ctx.db,
    snapshot: ctx.snapshot,
    access: requestAccess(env, ctx),
    actor: ctx.actor,
    maxRecords: env.limits.maxPageSize,
  });
  const workflow = builder.objectRef<ManualWorkflow>('ManualWorkflow').implement({
    description: 'An active workflow with a MANUAL trigger on an object the caller can read.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      description: t.exposeString('description', { nullable: true }),
      object: t.exposeString('object', { description: "Singular API name of the trigger's object." }),
    }),
  });
  const start = builder.objectRef<ManualRunStart>('WorkflowRunStart').implement({
    description: "One run started by runWorkflow: one per record, the record is the run's `record`.",
    fields: (t) => ({ runId: t.exposeID('runId'), recordId: t.exposeID('recordId') }),
  });
  builder.queryField('manualWorkflows', (t) =>
    t.field({
      type: [workflow],
      description: "The object's active manual workflows (buttons on its record page and list selection).",
      args: { object: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => listManualWorkflows(caller(ctx), args.object),
    }),
  );
  builder.mutationField('runWorkflow', (t) =>
    t.field({
      type: [start],
      description:
        'Starts one run of an active manual workflow per record. A record you cannot read is NOT_FOUND, as one that does not exist.',
      args: {
        workflowId: t.arg.id({ required: true }),
        recordIds: t.arg.idList({ required: true }),
      },
      resolve: (_root, args, ctx) => startManualRuns(caller(ctx), String(args.workflowId), args.recordIds.map(String)),
    }),
  );
}
