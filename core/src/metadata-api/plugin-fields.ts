import { z } from 'zod';
import { badInput, notFound } from '../errors';
import {
  listPluginCalls,
  listPluginInstallations,
  type PluginCallInfo,
  type PluginChange,
  type PluginInstallationInfo,
  type PluginLifecycle,
  type PluginQuotaUsage,
  readPluginTarball,
  readPluginUpload,
} from '../plugins';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

function lifecycle(ctx: MetadataRequestContext): PluginLifecycle {
  if (ctx.plugins) return ctx.plugins;
  // A host wiring error, not a client's: reported as an internal error.
  throw new Error('plugins is missing from the metadata request context');
}

/**
 * The package named by `upload` (a raw `POST /metadata/plugin-uploads`, for tarballs of any size
 * the node allows) or sent as base64 in `tarball` (GraphQL has no bytes; the request body limit
 * caps it at about 1.5 MB). Exactly one of them.
 */
function packageOf(ctx: MetadataRequestContext, args: { tarball?: string | null; upload?: string | number | null }) {
  if (args.upload && args.tarball) throw badInput('upload', 'Give the plugin as upload or as tarball, not both.');
  if (args.upload) {
    const upload = z.uuid().safeParse(String(args.upload));
    if (!upload.success) throw badInput('upload', 'upload: give the id POST /metadata/plugin-uploads answered.');
    return readPluginUpload(ctx.db, ctx.workspaceId, upload.data);
  }
  const base64 = args.tarball ?? '';
  if (!base64) throw badInput('upload', 'upload: name a POST /metadata/plugin-uploads upload (or send tarball).');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw badInput('tarball', 'tarball: give the .tgz file as base64.');
  return readPluginTarball(Buffer.from(base64, 'base64'));
}

async function installationNamed(ctx: MetadataRequestContext, name: string): Promise<PluginInstallationInfo> {
  const found = (await listPluginInstallations(ctx.db, secretStore(ctx), ctx.workspaceId)).find(
    (it) => it.name === name,
  );
  if (!found) throw notFound(`No plugin "${name}" is installed in this workspace.`, { field: 'name' });
  return found;
}

function secretStore(ctx: MetadataRequestContext) {
  if (ctx.secrets) return ctx.secrets;
  throw new Error('secrets is missing from the metadata request context');
}

/**
 * Plugins on `/metadata` (admins only): `plugins` with their call log, and the lifecycle
 * (install, upgrade, enable, configure, uninstall). An install or an upgrade that asks for new
 * permissions is only shown (`applied: false`, `needsApproval`) until it is sent with `approve`.
 */
export function addPluginFields(builder: MetadataBuilder) {
  const CallRef = builder.objectRef<PluginCallInfo>('PluginCall').implement({
    description: 'One call into a plugin: what ran, how long, how it ended and what it logged.',
    fields: (t) => ({
      id: t.exposeID('id'),
      version: t.exposeString('version', { nullable: true, description: 'Null: the call named no installed plugin.' }),
      entry: t.exposeString('entry', { description: '`hooks.case.afterCreate`, `actions.send`, `schedules.nightly`.' }),
      startedAt: t.exposeString('startedAt'),
      durationMs: t.exposeFloat('durationMs'),
      cpuMs: t.exposeFloat('cpuMs'),
      outcome: t.exposeString('outcome', {
        description: 'ok, failed, or refused (the host said no before or during the call).',
      }),
      reason: t.exposeString('reason', {
        nullable: true,
        description: 'timeout, memory, threw, crashed...; refused: disabled, quota, permission, sandbox-unavailable.',
      }),
      error: t.exposeString('error', { nullable: true }),
      logs: t.field({ type: 'JSON', resolve: (call) => call.logs }),
    }),
  });
  const InstallationRef = builder.objectRef<PluginInstallationInfo>('PluginInstallation').implement({
    description: 'An installed plugin: never a secret setting, only which ones are set.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      version: t.exposeString('version'),
      title: t.exposeString('title', { nullable: true }),
      description: t.exposeString('description', { nullable: true }),
      enabled: t.exposeBoolean('enabled'),
      permissions: t.exposeStringList('permissions', { description: 'What the admin approved, one line each.' }),
      settingsSchema: t.field({ type: 'JSON', resolve: (it) => it.settingsSchema }),
      settings: t.field({ type: 'JSON', description: 'The non-secret settings.', resolve: (it) => it.settings }),
      secretsSet: t.exposeStringList('secretsSet', { description: 'Secret settings that hold a value.' }),
      hooks: t.exposeStringList('hooks'),
      actions: t.field({ type: 'JSON', resolve: (it) => it.actions }),
      schedules: t.field({ type: 'JSON', resolve: (it) => it.schedules }),
      integrity: t.exposeString('integrity'),
      installedAt: t.exposeString('installedAt'),
      updatedAt: t.exposeString('updatedAt'),
      callsToday: t.exposeInt('callsToday'),
      failuresToday: t.exposeInt('failuresToday'),
      refusedToday: t.exposeInt('refusedToday', { description: 'Calls of the last 24 hours the host refused.' }),
      calls: t.field({
        type: [CallRef],
        description: 'The latest calls, newest first.',
        args: { first: t.arg.int({ defaultValue: 50 }) },
        resolve: (it, args, ctx) => listPluginCalls(ctx.db, ctx.workspaceId, it.id, args.first ?? 50),
      }),
    }),
  });
  const ChangeRef = builder.objectRef<PluginChange>('PluginChange').implement({
    fields: (t) => ({
      applied: t.exposeBoolean('applied'),
      name: t.exposeString('name'),
      version: t.exposeString('version'),
      previousVersion: t.exposeString('previousVersion', { nullable: true }),
      permissions: t.exposeStringList('permissions'),
      addedPermissions: t.exposeStringList('addedPermissions'),
      removedPermissions: t.exposeStringList('removedPermissions'),
      needsApproval: t.exposeBoolean('needsApproval'),
      metadataPlan: t.exposeStringList('metadataPlan', { description: 'SQL of the objects and fields it adds.' }),
      metadataAdds: t.exposeStringList('metadataAdds', {
        description:
          'The objects and fields it adds, one line an object (`new object Case (case): subject, priority`).',
      }),
      installationId: t.exposeID('installationId', { nullable: true }),
    }),
  });

  const QuotaRef = builder.objectRef<PluginQuotaUsage>('PluginQuota').implement({
    description:
      "The workspace's plugin quotas, counted across the nodes on the database (a refused call answers LIMIT_EXCEEDED).",
    fields: (t) => ({
      callsPerMinute: t.exposeInt('callsPerMinute'),
      cpuMsPerHour: t.exposeInt('cpuMsPerHour'),
      callsLastMinute: t.exposeInt('callsLastMinute', {
        description: 'Calls the nodes took this clock minute (leased in batches, so a little ahead of the calls made).',
      }),
      cpuMsLastHour: t.exposeFloat('cpuMsLastHour', {
        description: 'CPU ms in the last 60 clock minutes as the nodes reported it.',
      }),
    }),
  });
  builder.queryFields((t) => ({
    plugins: t.field({
      type: [InstallationRef],
      resolve: async (_r, _a, ctx) => {
        await ctx.plugins?.flushCalls?.();
        return listPluginInstallations(ctx.db, secretStore(ctx), ctx.workspaceId);
      },
    }),
    unknownPluginCalls: t.field({
      type: [CallRef],
      description: 'Calls naming a plugin installation this workspace does not have (refused), newest first.',
      args: { first: t.arg.int({ defaultValue: 50 }) },
      resolve: async (_r, args, ctx) => {
        await ctx.plugins?.flushCalls?.();
        return listPluginCalls(ctx.db, ctx.workspaceId, null, args.first ?? 50);
      },
    }),
    pluginQuota: t.field({
      type: QuotaRef,
      resolve: (_r, _a, ctx) => {
        const quota = lifecycle(ctx).quota;
        if (!quota) throw new Error('this node runs no plugins');
        return quota(ctx.workspaceId);
      },
    }),
  }));
  builder.mutationFields((t) => {
    const changeArgs = {
      upload: t.arg.id({ description: 'An upload of `POST /metadata/plugin-uploads` (the raw .tgz as the body).' }),
      tarball: t.arg.string({ description: 'The .tgz of `relata-plugin pack` as base64 (small ones; else upload).' }),
      approve: t.arg.boolean({ description: 'The admin approves the permissions shown.' }),
      dryRun: t.arg.boolean({ description: 'Only show the permissions and metadata it would add.' }),
    };
    return {
      installPlugin: t.field({
        type: ChangeRef,
        args: { ...changeArgs, enable: t.arg.boolean({ description: 'Enable at once (default true).' }) },
        resolve: async (_r, args, ctx) =>
          lifecycle(ctx).install(ctx.workspaceId, await packageOf(ctx, args), {
            actor: ctx.actor,
            approve: args.approve ?? false,
            dryRun: args.dryRun ?? false,
            enable: args.enable ?? true,
          }),
      }),
      upgradePlugin: t.field({
        type: ChangeRef,
        args: changeArgs,
        resolve: async (_r, args, ctx) =>
          lifecycle(ctx).upgrade(ctx.workspaceId, await packageOf(ctx, args), {
            actor: ctx.actor,
            approve: args.approve ?? false,
            dryRun: args.dryRun ?? false,
          }),
      }),
      setPluginEnabled: t.field({
        type: InstallationRef,
        args: { name: t.arg.string({ required: true }), enabled: t.arg.boolean({ required: true }) },
        resolve: async (_r, args, ctx) => {
          await lifecycle(ctx).setEnabled(ctx.workspaceId, args.name, args.enabled);
          return installationNamed(ctx, args.name);
        },
      }),
      configurePlugin: t.field({
        type: InstallationRef,
        description: 'Merges settings (null clears one); secret ones are stored encrypted and never returned.',
        args: { name: t.arg.string({ required: true }), settings: t.arg({ type: 'JSON', required: true }) },
        resolve: async (_r, args, ctx) => {
          await lifecycle(ctx).configure(ctx.workspaceId, args.name, args.settings, ctx.actor);
          return installationNamed(ctx, args.name);
        },
      }),
      uninstallPlugin: t.boolean({
        description: 'Removes the plugin; its objects and fields stay unless removeData (their records are yours).',
        args: { name: t.arg.string({ required: true }), removeData: t.arg.boolean() },
        resolve: async (_r, args, ctx) => {
          await lifecycle(ctx).uninstall(ctx.workspaceId, args.name, { removeData: args.removeData ?? false });
          return true;
        },
      }),
    };
  });
}
