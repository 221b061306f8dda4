import { join } from 'node:path';
import type { Database } from '../db';
import { badInput } from '../errors';
import { createMetadataService } from '../metadata';
import {
  createPluginLifecycle,
  grantedObject,
  listPluginInstallations,
  type PluginLifecycle,
  type PluginPackage,
  readPluginFolder,
} from '../plugins';
import type { Actor } from '../records';
import type { SecretStore } from '../secrets';
import { loadSnapshot } from '../workspace';
import { TEMPLATE_MANIFEST, type TemplateManifest } from './template-manifest';

/** Where a template's plugins come from and how they are installed. */
export interface TemplatePluginDeps {
  /** The repository's `plugins/` folder: a manifest's `package` is a folder there (built: relata-plugin build). */
  root: string;
  /**
   * The node's lifecycle, for plugins installed before the bundle (their actions must be step
   * types of the bundle's workflows, so the node loads them). @default one on the database
   */
  lifecycle?: PluginLifecycle;
}

export interface PluginStageContext {
  /** Before the bundle: the database; after it: the install's transaction (with the bundle and the seed). */
  db: Database;
  /** @default a lifecycle on `db` */
  lifecycle?: PluginLifecycle;
  secrets: SecretStore;
  workspaceId: string;
  actor: Actor;
  onProgress?: (done: number, total: number, name: string) => void;
}

/** The manifest's packages read from their folders (each must be built), with the manifest path of each. */
export async function readTemplatePlugins(deps: TemplatePluginDeps, manifest: TemplateManifest) {
  const packages: PluginPackage[] = [];
  for (const [i, { package: folder }] of manifest.plugins.entries()) {
    packages.push(
      await readPluginFolder(join(deps.root, folder)).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw badInput(
          `plugins[${i}].package`,
          `${TEMPLATE_MANIFEST} at plugins[${i}].package (${folder}): ${reason} (pnpm build:plugins builds the first-party plugins)`,
          {
            file: TEMPLATE_MANIFEST,
          },
        );
      }),
    );
  }
  return packages;
}

/**
 * Installs (or upgrades to) the packages not yet installed at their version, through the plugin
 * lifecycle, approving the permissions their manifests declare:
 * choosing the template is the admin's approval. With `ready`, only those whose granted objects
 * the workspace has now (a plugin granted the bundle's `case` waits for the bundle); returns the
 * ones it left for later.
 */
export async function installTemplatePlugins(
  ctx: PluginStageContext,
  packages: readonly PluginPackage[],
  options: { ready: boolean },
): Promise<{ installed: string[]; later: PluginPackage[] }> {
  const lifecycle =
    ctx.lifecycle ??
    createPluginLifecycle({ db: ctx.db, secrets: ctx.secrets, metadata: createMetadataService({ db: ctx.db }) });
  const present = await listPluginInstallations(ctx.db, ctx.secrets, ctx.workspaceId);
  const objects = new Set((await loadSnapshot(ctx.db, ctx.workspaceId)).objects.map((o) => o.nameSingular));
  const result: { installed: string[]; later: PluginPackage[] } = { installed: [], later: [] };
  for (const [i, pkg] of packages.entries()) {
    const { manifest } = pkg;
    const current = present.find((p) => p.name === manifest.name);
    if (current?.version === manifest.version) continue;
    const contributed = new Set(manifest.contributes.objects.map((o) => o.nameSingular));
    const grants = [...manifest.permissions.read, ...manifest.permissions.write].map(grantedObject);
    if (options.ready && !grants.every((o) => objects.has(o) || contributed.has(o))) {
      result.later.push(pkg);
      continue;
    }
    ctx.onProgress?.(i, packages.length, manifest.name);
    const install = { actor: ctx.actor, approve: true };
    if (current) await lifecycle.upgrade(ctx.workspaceId, pkg, install);
    else await lifecycle.install(ctx.workspaceId, pkg, install);
    result.installed.push(`${manifest.name} ${manifest.version}`);
  }
  return result;
}

/**
 * Plugins in two stages: those the workspace can take now install first, on the node's lifecycle
 * (their actions may be step types of the bundle's workflows); those granted objects the bundle
 * makes wait and install after it, in the install's transaction (`after`). The bundle gets the
 * packages too: a plugin file of its installs the package with the file's settings in the
 * bundle's own apply, and `after` then finds it installed.
 */
export async function templatePluginStages(
  deps: { db: Database; secrets?: SecretStore | null; plugins?: TemplatePluginDeps | null },
  workspaceId: string,
  manifest: TemplateManifest,
  options: { actor: Actor; onProgress: PluginStageContext['onProgress'] },
): Promise<{ packages: PluginPackage[]; installed: string[]; after: (txDb: Database) => Promise<string[]> }> {
  if (manifest.plugins.length === 0) return { packages: [], installed: [], after: async () => [] };
  const { plugins, secrets } = deps;
  if (!plugins || !secrets) {
    throw badInput('plugins', `Template ${manifest.name} needs plugins, and this install has no plugin folder.`);
  }
  const stage = { secrets, workspaceId, ...options };
  const packages = await readTemplatePlugins(plugins, manifest);
  const first = await installTemplatePlugins({ ...stage, db: deps.db, lifecycle: plugins.lifecycle }, packages, {
    ready: true,
  });
  const after = async (txDb: Database) =>
    first.later.length === 0
      ? []
      : (await installTemplatePlugins({ ...stage, db: txDb }, first.later, { ready: false })).installed;
  return { packages, installed: first.installed, after };
}
