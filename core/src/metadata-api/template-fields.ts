import { z } from 'zod';
import { forbidden } from '../errors';
import { parseInput } from '../metadata';
import type { Actor } from '../records';
import {
  enqueueTemplateInstall,
  type FileChange,
  failAbandonedInstalls,
  findTemplateFolder,
  findTemplateInstall,
  listInstalledTemplates,
  listTemplateFolders,
  type MergeConflict,
  type TemplateInstallView,
  type TemplateService,
  type TemplateStatusReport,
  type TemplateUpgradeResult,
  type UnavailableTemplate,
} from '../templates';
import { getWorkspace, removeWorkspace } from '../workspace';
import { toYaml } from '../workspace-bundle';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

/** What `/metadata`'s template fields need from the runtime (templates folder, accounts, plugins). */
export interface TemplateHost {
  /** Where templates are read from (RELATA_TEMPLATES_DIR). */
  root: string;
  /** The runtime's template service (its plugin lifecycle refreshes the node). */
  service: TemplateService;
  /** Creates a workspace with the standard objects and makes the signed-in account its admin. */
  createWorkspace(input: { slug: string; name: string }, actor: Actor): Promise<{ id: string; slug: string }>;
}

interface TemplateInfo {
  name: string;
  title: string;
  version: number;
  summary: string;
  description: string;
  installedVersion: number | null;
}

const newWorkspaceInput = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a slug starts with a letter and holds only a-z, 0-9 and _ (at most 40)'),
  name: z.string().trim().min(1).max(100),
});

function host(ctx: MetadataRequestContext): TemplateHost {
  if (ctx.templates) return ctx.templates;
  // A host wiring error, not a client's: reported as an internal error.
  throw new Error('templates is missing from the metadata request context');
}

async function gallery(ctx: MetadataRequestContext): Promise<TemplateInfo[]> {
  const installed = await listInstalledTemplates(ctx.db, ctx.workspaceId);
  return (await listTemplateFolders(host(ctx).root)).templates.map(({ manifest: m }) => ({
    name: m.name,
    title: m.title,
    version: m.version,
    summary: m.summary,
    description: m.description,
    installedVersion: installed.find((i) => i.template === m.name)?.version ?? null,
  }));
}

async function startInstall(
  ctx: MetadataRequestContext,
  name: string,
  workspace: unknown,
): Promise<TemplateInstallView> {
  const folder = await findTemplateFolder(host(ctx).root, name);
  let target: { id: string; slug: string };
  const newWorkspace = workspace != null;
  if (workspace == null) {
    target = await getWorkspace(ctx.db, { id: ctx.workspaceId });
    // An install of it left RUNNING by a process that died no longer stands in the way.
    await failAbandonedInstalls(ctx.db, { workspaceId: target.id, template: folder.manifest.name });
  } else {
    const input = parseInput(newWorkspaceInput, workspace, 'workspace');
    if (ctx.actor.kind !== 'user' || !ctx.actor.id) {
      throw forbidden('A new workspace is made by a signed-in account, which becomes its admin.');
    }
    target = await host(ctx).createWorkspace(input, ctx.actor);
  }
  return ctx.db
    .transaction((tx) =>
      enqueueTemplateInstall(tx, {
        template: folder.manifest.name,
        workspace: target,
        newWorkspace,
        requestedIn: ctx.workspaceId,
        requestedBy: ctx.actor.id,
      }),
    )
    .catch(async (error: unknown) => {
      // Not queued: a workspace made for it would stay behind, empty.
      if (newWorkspace) await removeWorkspace(ctx.db, target.id);
      throw error;
    });
}

/** Templates on `/metadata` (admins, as the whole endpoint): the gallery, installs as background jobs, status. */
export function addTemplateFields(builder: MetadataBuilder) {
  const TemplateRef = builder.objectRef<TemplateInfo>('Template').implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      title: t.exposeString('title'),
      version: t.exposeInt('version'),
      summary: t.exposeString('summary'),
      description: t.exposeString('description'),
      installedVersion: t.exposeInt('installedVersion', { nullable: true }),
    }),
  });
  const UnavailableRef = builder.objectRef<UnavailableTemplate>('UnavailableTemplate').implement({
    description: 'A template folder that does not read (its template.yaml or bundle): not installable until fixed.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The folder name.' }),
      reason: t.exposeString('reason', { description: 'What is wrong, naming the file.' }),
    }),
  });
  const Status = builder.enumType('TemplateInstallStatus', { values: ['RUNNING', 'DONE', 'FAILED'] as const });
  const InstallRef = builder.objectRef<TemplateInstallView>('TemplateInstall').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      template: t.exposeString('template'),
      status: t.field({ type: Status, resolve: (i) => i.status }),
      phase: t.exposeString('phase', { description: 'queued, plan, plugins, bundle, seed, record or done.' }),
      label: t.exposeString('label', { description: 'What is being done: "seeding order".' }),
      done: t.exposeInt('done'),
      total: t.exposeInt('total'),
      error: t.exposeString('error', { nullable: true }),
      workspaceSlug: t.exposeString('workspaceSlug'),
    }),
  });
  const ChangeRef = builder.objectRef<FileChange>('TemplateFileChange').implement({
    fields: (t) => ({
      file: t.exposeString('file'),
      change: t.exposeString('change', { description: 'added, removed or changed.' }),
      paths: t.exposeStringList('paths'),
    }),
  });
  const ConflictRef = builder.objectRef<MergeConflict>('TemplateConflict').implement({
    fields: (t) => ({
      file: t.exposeString('file'),
      path: t.exposeString('path'),
      mine: t.string({ nullable: true, resolve: (c) => (c.mine === undefined ? null : toYaml(c.mine)) }),
      template: t.string({ nullable: true, resolve: (c) => (c.theirs === undefined ? null : toYaml(c.theirs)) }),
    }),
  });
  const StatusRef = builder.objectRef<TemplateStatusReport>('TemplateStatus').implement({
    fields: (t) => ({
      template: t.exposeString('template'),
      installedVersion: t.exposeInt('installedVersion', { nullable: true }),
      version: t.exposeInt('version'),
      adminChanges: t.field({ type: [ChangeRef], resolve: (s) => s.adminChanges }),
      templateChanges: t.field({ type: [ChangeRef], resolve: (s) => s.templateChanges }),
      conflicts: t.field({ type: [ConflictRef], resolve: (s) => s.conflicts }),
    }),
  });
  const Prefer = builder.enumType('TemplatePrefer', {
    description: 'Which side a conflicting setting takes in an upgrade: your change here, or the template.',
    values: ['MINE', 'TEMPLATE'] as const,
  });
  const UpgradeRef = builder.objectRef<TemplateUpgradeResult>('TemplateUpgrade').implement({
    fields: (t) => ({
      template: t.exposeString('template'),
      fromVersion: t.exposeInt('fromVersion'),
      version: t.exposeInt('version'),
      applied: t.exposeBoolean('applied', { description: 'False on conflicts (nothing applied) or a dry run.' }),
      steps: t.stringList({
        description: 'The plan, one line per step ("create field company.website").',
        resolve: (u) => u.steps.map((s) => `${s.kind} ${s.target}`),
      }),
      plugins: t.exposeStringList('plugins'),
      conflicts: t.field({ type: [ConflictRef], resolve: (u) => u.conflicts }),
      warnings: t.exposeStringList('warnings', {
        description:
          'What the new version removed and the upgrade keeps: the workspace wrote data there since the install.',
      }),
    }),
  });
  const NewWorkspace = builder.inputType('NewWorkspaceInput', {
    fields: (t) => ({ slug: t.string({ required: true }), name: t.string({ required: true }) }),
  });
  builder.queryFields((t) => ({
    templates: t.field({ type: [TemplateRef], resolve: (_root, _args, ctx) => gallery(ctx) }),
    unavailableTemplates: t.field({
      type: [UnavailableRef],
      description: 'Template folders the gallery cannot offer, with the reason; the others install as usual.',
      resolve: async (_root, _args, ctx) => (await listTemplateFolders(host(ctx).root)).unavailable,
    }),
    templateInstall: t.field({
      type: InstallRef,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      description: 'An install whose process died is answered FAILED, with the reason, from the first look after.',
      resolve: async (_root, args, ctx) => {
        const id = String(args.id);
        if (/^[0-9a-f-]{36}$/i.test(id)) await failAbandonedInstalls(ctx.db, { id });
        return findTemplateInstall(ctx.db, id, ctx.workspaceId);
      },
    }),
    templateStatus: t.field({
      type: StatusRef,
      args: { name: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) =>
        host(ctx).service.status(ctx.workspaceId, await findTemplateFolder(host(ctx).root, args.name)),
    }),
  }));
  builder.mutationFields((t) => ({
    installTemplate: t.field({
      type: InstallRef,
      description: 'Installs in the background (poll templateInstall); with workspace, into a new one you administer.',
      args: { name: t.arg.string({ required: true }), workspace: t.arg({ type: NewWorkspace }) },
      resolve: (_root, args, ctx) => startInstall(ctx, args.name, args.workspace),
    }),
    upgradeTemplate: t.field({
      type: UpgradeRef,
      description:
        "Upgrades the installed template to the folder's version by plan, keeping changes made here: a three-way merge, " +
        'then one transaction. Conflicts stop it (nothing applied) unless prefer says which side wins.',
      args: {
        name: t.arg.string({ required: true }),
        prefer: t.arg({ type: Prefer }),
        dryRun: t.arg.boolean({ description: 'Plan only.' }),
      },
      resolve: async (_root, args, ctx) =>
        host(ctx).service.upgrade(ctx.workspaceId, await findTemplateFolder(host(ctx).root, args.name), {
          prefer: args.prefer === 'MINE' ? 'mine' : args.prefer === 'TEMPLATE' ? 'template' : null,
          dryRun: args.dryRun ?? false,
          actor: ctx.actor,
        }),
    }),
  }));
}
