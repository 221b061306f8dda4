import { join } from 'node:path';
import type { Database } from '../db';
import { badInput } from '../errors';
import { listPluginInstallations, type PluginLifecycle, readPluginFolder } from '../plugins';
import type { Actor } from '../records';
import type { SecretStore } from '../secrets';
import { TEMPLATE_MANIFEST, type TemplateManifest } from './template-manifest';

/** Where a template's plugins come from and how they are installed. */
export interface TemplatePluginDeps {
  /** The repository's `plugins/` folder: a manifest's `package` is a folder there. */
  root: string;
  lifecycle: PluginLifecycle;
}

/**
 * Installs (or upgrades to) the first-party plugins the manifest lists, through the plugin
 * lifecycle, approving the permissions their manifests declare: choosing the template is the
 * admin's approval. A plugin already installed at the same version is left alone.
 */
export async function installTemplatePlugins(
  deps: TemplatePluginDeps & { db: Database; secrets: SecretStore },
  workspaceId: string,
  manifest: TemplateManifest,
  actor: Actor,
  onProgress?: (done: number, total: number, name: string) => void,
): Promise<string[]> {
  const changed: string[] = [];
  const installed = await listPluginInstallations(deps.db, deps.secrets, workspaceId);
  for (const [i, { package: folder }] of manifest.plugins.entries()) {
    onProgress?.(i, manifest.plugins.length, folder);
    const pkg = await readPluginFolder(join(deps.root, folder)).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw badInput(`plugins[${i}].package`, `${TEMPLATE_MANIFEST} at plugins[${i}].package: ${reason}`, {
        file: TEMPLATE_MANIFEST,
      });
    });
    const current = installed.find((p) => p.name === pkg.manifest.name);
    if (current?.version === pkg.manifest.version) continue;
    const options = { actor, approve: true };
    if (current) await deps.lifecycle.upgrade(workspaceId, pkg, options);
    else await deps.lifecycle.install(workspaceId, pkg, options);
    changed.push(`${pkg.manifest.name} ${pkg.manifest.version}`);
  }
  onProgress?.(manifest.plugins.length, manifest.plugins.length, '');
  return changed;
}
