import {
  createWorkflowService,
  EXPRESSION_FUNCTIONS,
  type StepType,
  type WorkflowInfo,
  type WorkflowService,
  type WorkflowVersionInfo,
} from '../workflows';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

const workflows = (ctx: MetadataRequestContext): WorkflowService =>
  ctx.workflows ?? createWorkflowService({ db: ctx.db });

const DEFINITION =
  'Trigger and steps: { trigger: { type, object, ... }, steps: [{ key, type, name, settings, next, position }] }, objects and fields by API name; the first step runs first.';

/** Workflows on `/metadata` (admins only, as the whole endpoint): drafts, activation, versions. */
export function addWorkflowFields(builder: MetadataBuilder) {
  const VersionRef = builder.objectRef<WorkflowVersionInfo>('WorkflowVersion').implement({
    description: 'A published, immutable version; runs keep the version they started with.',
    fields: (t) => ({
      version: t.exposeInt('version'),
      publishedAt: t.exposeString('publishedAt'),
      publishedBy: t.exposeString('publishedBy', { nullable: true }),
      definition: t.field({ type: 'JSON', nullable: true, resolve: (v) => v.definition }),
      problem: t.exposeString('problem', { nullable: true }),
    }),
  });
  const WorkflowRef = builder.objectRef<WorkflowInfo>('Workflow').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      description: t.exposeString('description', { nullable: true }),
      active: t.exposeBoolean('active'),
      publishedVersion: t.exposeInt('publishedVersion', { nullable: true }),
      hasDraft: t.exposeBoolean('hasDraft', { description: 'Unpublished changes: activating publishes them.' }),
      definition: t.field({
        type: 'JSON',
        nullable: true,
        description: 'The draft when there is one, else the published definition, with current names.',
        resolve: (w) => w.definition,
      }),
      problem: t.exposeString('problem', {
        nullable: true,
        description: 'Why the definition no longer fits the metadata (a field it uses was deleted...).',
      }),
      createdAt: t.exposeString('createdAt'),
      updatedAt: t.exposeString('updatedAt'),
      versions: t.field({
        type: [VersionRef],
        resolve: (w, _args, ctx) => workflows(ctx).versions(ctx.workspaceId, w.id),
      }),
    }),
  });
  const StepTypeRef = builder.objectRef<StepType>('WorkflowStepType').implement({
    fields: (t) => ({
      type: t.exposeString('type'),
      label: t.exposeString('label'),
      description: t.exposeString('description'),
      settings: t.field({
        type: 'JSON',
        description: 'Setting name -> { kind, optional, ... }.',
        resolve: (s) => s.settings,
      }),
    }),
  });
  const FunctionRef = builder
    .objectRef<{ name: string; description: string; params: unknown; variadic: boolean }>('ExpressionFunction')
    .implement({
      fields: (t) => ({
        name: t.exposeString('name'),
        description: t.exposeString('description'),
        params: t.field({ type: 'JSON', resolve: (f) => f.params }),
        variadic: t.exposeBoolean('variadic'),
      }),
    });
  const WorkflowInput = builder.inputType('WorkflowInput', {
    fields: (t) => ({
      name: t.string(),
      description: t.string(),
      definition: t.field({ type: 'JSON', description: DEFINITION }),
    }),
  });

  builder.queryFields((t) => ({
    workflows: t.field({ type: [WorkflowRef], resolve: (_r, _a, ctx) => workflows(ctx).list(ctx.workspaceId) }),
    workflow: t.field({
      type: WorkflowRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).get(ctx.workspaceId, String(args.id)),
    }),
    workflowStepTypes: t.field({
      type: [StepTypeRef],
      description: 'The step types a workflow can use, with their settings (for the editor).',
      resolve: (_r, _a, ctx) => workflows(ctx).stepTypes(ctx.workspaceId),
    }),
    expressionFunctions: t.field({
      type: [FunctionRef],
      resolve: () =>
        [...EXPRESSION_FUNCTIONS].map(([name, fn]) => ({
          name,
          description: fn.description,
          params: fn.params,
          variadic: fn.variadic ?? false,
        })),
    }),
    checkWorkflowDefinition: t.field({
      type: 'JSON',
      description:
        'Checks a definition without saving it; answers it with current names, or fails naming the step and setting.',
      args: { definition: t.arg({ type: 'JSON', required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).check(ctx.workspaceId, args.definition),
    }),
  }));
  builder.mutationFields((t) => ({
    createWorkflow: t.field({
      type: WorkflowRef,
      description: 'Creates an inactive workflow whose draft is the given definition (checked).',
      args: { input: t.arg({ type: WorkflowInput, required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).create(ctx.workspaceId, { ...args.input }, ctx.actor),
    }),
    updateWorkflow: t.field({
      type: WorkflowRef,
      description: 'Saves the name, description or draft; the active version runs on until the next activation.',
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: WorkflowInput, required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).update(ctx.workspaceId, String(args.id), { ...args.input }, ctx.actor),
    }),
    activateWorkflow: t.field({
      type: WorkflowRef,
      description: 'Publishes the draft as a new version (checked again) and starts runs from it.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).activate(ctx.workspaceId, String(args.id), ctx.actor),
    }),
    deactivateWorkflow: t.field({
      type: WorkflowRef,
      description: 'Stops new runs; started runs finish on their version.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).deactivate(ctx.workspaceId, String(args.id), ctx.actor),
    }),
    deleteWorkflow: t.field({
      type: WorkflowRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => workflows(ctx).delete(ctx.workspaceId, String(args.id)),
    }),
  }));
}
