import { z } from 'zod';
import { parseInput } from '../metadata';
import {
  type BundleApplyProgress,
  type BundleFile,
  type BundlePlan,
  createWorkspaceBundleService,
  type PlannedStep,
  readApplyProgress,
  trackedApply,
} from '../workspace-bundle';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

const PRUNE = 'Delete what only the workspace has (in the sections the bundle holds).';

const bundles = (ctx: MetadataRequestContext) =>
  createWorkspaceBundleService({
    db: ctx.db,
    secrets: ctx.secrets ?? null,
    stepTypes: ctx.workflows ? (workspaceId) => ctx.workflows!.stepTypes(workspaceId) : null,
  });

/** Uploaded files: paths relative to the bundle root, YAML texts (a bundle of a few hundred objects fits). */
const filesInput = z
  .array(
    z.strictObject({
      path: z
        .string()
        .min(1)
        .max(300)
        .regex(/^[a-z0-9_][a-zA-Z0-9_./-]*$/, 'use a relative path such as objects/deal.yaml'),
      content: z.string().max(1_000_000, 'a file holds at most 1 MB'),
    }),
  )
  .max(5000, 'a bundle holds at most 5000 files');

const progressId = z.guid({ error: 'must be a uuid the client chose for this apply' });

/**
 * Metadata as code on `/metadata` (admins, as the whole endpoint): `exportWorkspace`,
 * `planWorkspaceBundle` (changes nothing) and `applyWorkspaceBundle` (one transaction), whose
 * steps `workspaceBundleProgress` counts while it runs (given the apply's `progressId`).
 */
export function addBundleFields(builder: MetadataBuilder) {
  const FileRef = builder.objectRef<BundleFile>('BundleFile').implement({
    description: 'One file of a workspace bundle: its path in the bundle and its YAML text.',
    fields: (t) => ({ path: t.exposeString('path'), content: t.exposeString('content') }),
  });
  const FileInput = builder.inputType('BundleFileInput', {
    fields: (t) => ({ path: t.string({ required: true }), content: t.string({ required: true }) }),
  });
  const ExportRef = builder.objectRef<{ files: BundleFile[] }>('WorkspaceExport').implement({
    fields: (t) => ({ files: t.field({ type: [FileRef], resolve: (e) => e.files }) }),
  });
  const ImpactRef = builder.objectRef<PlannedStep['impact']>('BundleStepImpact').implement({
    fields: (t) => ({
      affectedRows: t.exposeInt('affectedRows', { nullable: true, description: 'Rows the step changes or checks.' }),
      droppedRows: t.exposeInt('droppedRows', { nullable: true, description: 'Records or values it deletes.' }),
    }),
  });
  const StepRef = builder.objectRef<PlannedStep>('BundleStep').implement({
    fields: (t) => ({
      section: t.exposeString('section'),
      kind: t.exposeString('kind', { description: 'create, update, rename or delete.' }),
      target: t.exposeString('target', { description: 'What it changes, by key: "field deal.stage".' }),
      sql: t.exposeStringList('sql'),
      summary: t.exposeStringList('summary'),
      impact: t.field({ type: ImpactRef, resolve: (s) => s.impact }),
      warnings: t.exposeStringList('warnings'),
    }),
  });
  const PlanRef = builder.objectRef<BundlePlan>('BundlePlan').implement({
    fields: (t) => ({
      steps: t.field({ type: [StepRef], resolve: (p) => p.steps }),
      kept: t.exposeStringList('kept', { description: 'Only in the workspace; prune would delete them.' }),
      metadataVersion: t.exposeInt('metadataVersion'),
    }),
  });
  const ProgressRef = builder.objectRef<BundleApplyProgress>('BundleApplyProgress').implement({
    description: 'How far an apply is: steps done of total, and the one running.',
    fields: (t) => ({
      id: t.exposeID('id'),
      status: t.exposeString('status', { description: 'RUNNING, DONE or FAILED.' }),
      done: t.exposeInt('done'),
      total: t.exposeInt('total', { description: '0 while the apply still plans.' }),
      label: t.exposeString('label'),
      error: t.exposeString('error', {
        nullable: true,
        description: 'Why it failed: the error, or that the process running it ended midway.',
      }),
    }),
  });
  builder.queryFields((t) => ({
    workspaceBundleProgress: t.field({
      type: ProgressRef,
      nullable: true,
      description: "The progress of this workspace's apply started with `progressId: id`; null before it starts.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, a, ctx) =>
        readApplyProgress(ctx.db, ctx.workspaceId, parseInput(progressId, String(a.id), 'id')),
    }),
    exportWorkspace: t.field({
      type: ExportRef,
      resolve: async (_root, _args, ctx) => ({ files: await bundles(ctx).exportWorkspace(ctx.workspaceId) }),
    }),
    planWorkspaceBundle: t.field({
      type: PlanRef,
      args: {
        files: t.arg({ type: [FileInput], required: true }),
        prune: t.arg.boolean({ description: PRUNE }),
      },
      resolve: (_root, a, ctx) =>
        bundles(ctx).plan(ctx.workspaceId, parseInput(filesInput, a.files, 'files'), { prune: a.prune ?? false }),
    }),
  }));
  builder.mutationFields((t) => ({
    applyWorkspaceBundle: t.field({
      type: PlanRef,
      args: {
        files: t.arg({ type: [FileInput], required: true }),
        prune: t.arg.boolean({ description: PRUNE }),
        progressId: t.arg.id({ description: 'A uuid of your choice: workspaceBundleProgress(id) counts the steps.' }),
      },
      resolve: async (_root, a, ctx) => {
        const files = parseInput(filesInput, a.files, 'files');
        const id = a.progressId == null ? null : parseInput(progressId, String(a.progressId), 'progressId');
        const apply = (onStep?: (index: number, total: number, step: PlannedStep) => void) =>
          bundles(ctx).apply(ctx.workspaceId, files, {
            prune: a.prune ?? false,
            actor: ctx.actor,
            ...(onStep && { onStep }),
          });
        return id ? trackedApply(ctx.db, ctx.workspaceId, id, apply) : apply();
      },
    }),
  }));
}
