import { v7 as uuidv7 } from 'uuid';
import { pluginSecretName, secretSettingKeys } from '../../plugins';
import { systemEntity } from '../../system';
import type { BundleSection, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { pluginDocument, pluginToDocument } from './plugin-document';
import { type PackageSource, type PluginPayload, planPlugin, uninstallStep } from './plugin-steps';

async function installations(ctx: SectionContext) {
  const em = await ctx.tx.entities();
  return em.find(systemEntity.PluginInstallation, { workspace: ctx.workspaceId }, { orderBy: { name: 'asc' } });
}

/** An installation's package columns, from the package brought or the installation it was found in. */
async function packageColumns(ctx: SectionContext, source: PackageSource) {
  if ('package' in source) {
    const { manifest, bundle, bundleSha256, integrity } = source.package;
    return { name: manifest.name, version: manifest.version, manifest, bundle, bundleSha256, integrity };
  }
  const em = await ctx.tx.entities();
  const row = await em.findOneOrFail(
    systemEntity.PluginInstallation,
    { id: source.installationId },
    { populate: ['bundle'] },
  );
  const { name, version, manifest, bundle, bundleSha256, integrity } = row;
  return { name, version, manifest, bundle, bundleSha256, integrity };
}

async function run(ctx: SectionContext, payload: PluginPayload) {
  const em = await ctx.tx.entities();
  if (payload.action === 'install') {
    if (!payload.source || !payload.grants) {
      throw fileError(
        payload.file,
        'integrity',
        `the package ${payload.doc.name} ${payload.doc.version} is not on this server; install it first.`,
      );
    }
    em.create(systemEntity.PluginInstallation, {
      id: uuidv7(),
      workspace: ctx.workspaceId,
      ...(await packageColumns(ctx, payload.source)),
      grants: payload.grants,
      enabled: payload.doc.enabled,
      settings: payload.doc.settings,
      installedBy: ctx.deps.actor.kind === 'user' ? ctx.deps.actor.id : null,
    });
  } else if (payload.action === 'set') {
    const row = await em.findOneOrFail(systemEntity.PluginInstallation, { id: payload.id });
    em.assign(row, { enabled: payload.doc.enabled, settings: payload.doc.settings });
  } else {
    await em.nativeDelete(systemEntity.PluginCall, { installation: payload.id });
    await em.nativeDelete(systemEntity.PluginInstallation, { id: payload.id });
    const names = secretSettingKeys(payload.manifest.settings).map((key) => pluginSecretName(payload.name, key));
    if (names.length) {
      await ctx.tx.query('delete from relata.secrets where workspace_id = $1 and name = any($2)', [
        ctx.workspaceId,
        names,
      ]);
    }
  }
  await em.flush();
}

/**
 * `plugins/<name>.yaml`: installed plugins by package name, version and integrity, whether
 * enabled, and their ordinary settings. Applying installs a package only from those this server
 * already has (a bundle carries no code), never upgrades one (that asks for approval), and never
 * touches secret settings.
 */
export const pluginsSection: BundleSection<PluginPayload> = {
  name: 'plugins',
  folder: 'plugins',
  noun: 'plugin',

  async export(ctx) {
    return (await installations(ctx)).map((row) => ({
      path: `plugins/${row.name}.yaml`,
      content: toYaml(pluginToDocument(row)),
    }));
  },

  async plan(ctx, files) {
    const installed = new Map((await installations(ctx)).map((row) => [row.name, row]));
    const steps = [];
    const seen = new Set<string>();
    for (const file of files) {
      const doc = readDocument(file, pluginDocument);
      if (file.path !== `plugins/${doc.name}.yaml`)
        throw fileError(file.path, 'name', `the file of plugin "${doc.name}" is plugins/${doc.name}.yaml.`);
      seen.add(doc.name);
      const planned = await planPlugin(ctx, file.path, doc, installed.get(doc.name));
      if (planned) steps.push(planned);
    }
    const rest = [...installed.values()].filter((row) => !seen.has(row.name));
    const pruned = rest.filter((row) => ctx.prune(`plugin ${row.name}`));
    steps.push(...pruned.map(uninstallStep));
    return { steps, kept: rest.filter((row) => !pruned.includes(row)).map((row) => `plugin ${row.name}`) };
  },

  async apply(ctx, steps) {
    for (const step of steps) await run(ctx, step.payload);
  },
};
