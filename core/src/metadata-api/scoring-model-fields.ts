import { createScoringModelStore, type ModelRun, type RunPhaseTime, type ScoringModelInfo } from '../analytics';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

const store = (ctx: MetadataRequestContext) => createScoringModelStore({ db: ctx.db, metadata: ctx.metadata });
const snapshot = (ctx: MetadataRequestContext) => loadSnapshot(ctx.db, ctx.workspaceId);
// GraphQL leaves absent input fields undefined; zod then sees only what was given.
const given = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

function defineModelRefs(builder: MetadataBuilder) {
  const Kind = builder.enumType('ScoringModelKind', { values: ['RFM', 'LIFECYCLE'] as const });
  const Model = builder.objectRef<ScoringModelInfo>('ScoringModel').implement({
    description: 'RFM scores or lifecycle stages, stored on the subject’s records and recomputed hourly by a job.',
    fields: (t) => ({
      id: t.exposeID('id'),
      kind: t.field({ type: Kind, resolve: (m) => m.kind }),
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      object: t.exposeString('object', { description: 'The scored object’s singular API name.' }),
      definition: t.field({ type: 'JSON', description: 'With today’s names.', resolve: (m) => m.definition }),
      lastRunAt: t.exposeString('lastRunAt', { nullable: true }),
      lastRunMs: t.exposeInt('lastRunMs', { nullable: true }),
      lastChanged: t.exposeInt('lastChanged', { nullable: true }),
    }),
  });
  const Phase = builder.objectRef<RunPhaseTime>('ScoringRunPhase').implement({
    description: 'One step of a run and its time.',
    fields: (t) => ({
      phase: t.exposeString('phase', {
        description: 'fields (creating the model’s fields), score, diff (against the stored values), write, audit.',
      }),
      ms: t.exposeInt('ms'),
    }),
  });
  const Run = builder.objectRef<ModelRun>('ScoringModelRun').implement({
    fields: (t) => ({
      model: t.field({ type: Model, resolve: (r) => r.model }),
      changed: t.exposeInt('changed', { description: 'Records whose values changed (each with a history entry).' }),
      covered: t.exposeInt('covered', { description: 'Live records of the subject the run covered.' }),
      durationMs: t.exposeInt('durationMs', { description: 'The run’s SQL, every step.' }),
      phases: t.field({ type: [Phase], description: 'Where the time went, step by step.', resolve: (r) => r.phases }),
    }),
  });
  return { Model, Run };
}

/**
 * `scoringModels`, `createRfmModel`, `createLifecycleModel`, `updateRfmModel`, `updateLifecycleModel`,
 * `recomputeScoringModel`, `deleteScoringModel`.
 */
export function addScoringModelFields(builder: MetadataBuilder) {
  const { Model, Run } = defineModelRefs(builder);
  const related = builder.inputType('RfmRelatedInput', {
    fields: (t) => ({
      object: t.string({ required: true }),
      relation: t.string({ required: true, description: 'Its many-to-one relation to the scored object.' }),
      date: t.string({ required: true }),
      amount: t.string({ required: true }),
    }),
  });
  const rfmInput = builder.inputType('CreateRfmModelInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      label: t.string({ required: true }),
      object: t.string({ required: true }),
      related: t.field({ type: related, required: true }),
      windowDays: t.int(),
      fieldPrefix: t.string(),
    }),
  });
  const stage = builder.inputType('LifecycleStageInput', {
    fields: (t) => ({
      value: t.string({ required: true }),
      label: t.string({ required: true }),
      color: t.string(),
      condition: t.field({ type: 'JSON', description: 'The API’s filter language; none: every record.' }),
    }),
  });
  const stageField = builder.inputType('LifecycleFieldInput', {
    fields: (t) => ({ name: t.string({ required: true }), label: t.string({ required: true }) }),
  });
  const lifecycleInput = builder.inputType('CreateLifecycleModelInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      label: t.string({ required: true }),
      object: t.string({ required: true }),
      field: t.field({ type: stageField, required: true }),
      stages: t.field({ type: [stage], required: true }),
    }),
  });
  const rfmUpdate = builder.inputType('UpdateRfmModelInput', {
    description: 'The scored object and the fields the model writes stay; a new subject is a new model.',
    fields: (t) => ({ label: t.string(), related: t.field({ type: related }), windowDays: t.int() }),
  });
  const lifecycleUpdate = builder.inputType('UpdateLifecycleModelInput', {
    description: 'Stages are options of the model’s field, in funnel order.',
    fields: (t) => ({ label: t.string(), stages: t.field({ type: [stage] }) }),
  });
  builder.queryFields((t) => ({
    scoringModels: t.field({
      type: [Model],
      resolve: async (_root, _args, ctx) => store(ctx).list(await snapshot(ctx)),
    }),
  }));
  builder.mutationFields((t) => ({
    createRfmModel: t.field({
      type: Run,
      args: { input: t.arg({ type: rfmInput, required: true }) },
      resolve: (_root, args, ctx) =>
        store(ctx).createRfm(ctx.workspaceId, { ...given(args.input), related: args.input.related }, ctx.actor.id),
    }),
    createLifecycleModel: t.field({
      type: Run,
      args: { input: t.arg({ type: lifecycleInput, required: true }) },
      resolve: (_root, args, ctx) =>
        store(ctx).createLifecycle(
          ctx.workspaceId,
          { ...args.input, stages: args.input.stages.map((s) => given(s)) },
          ctx.actor.id,
        ),
    }),
    updateRfmModel: t.field({
      type: Run,
      description: 'Changes the model and reruns it in the same transaction.',
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: rfmUpdate, required: true }) },
      resolve: (_root, args, ctx) => store(ctx).updateRfm(ctx.workspaceId, String(args.id), given(args.input)),
    }),
    updateLifecycleModel: t.field({
      type: Run,
      description: 'Changes the model and reruns it in the same transaction.',
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: lifecycleUpdate, required: true }) },
      resolve: (_root, args, ctx) =>
        store(ctx).updateLifecycle(ctx.workspaceId, String(args.id), {
          ...given(args.input),
          ...(args.input.stages ? { stages: args.input.stages.map((s) => given(s)) } : {}),
        }),
    }),
    recomputeScoringModel: t.field({
      type: Run,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).recompute(await snapshot(ctx), String(args.id)),
    }),
    deleteScoringModel: t.field({
      type: Model,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => store(ctx).delete(await snapshot(ctx), String(args.id)),
    }),
  }));
}
