import { parse } from 'yaml';
import type { Database } from '../db';
import type { PluginPackage } from '../plugins';
import { systemEntity } from '../system';
import { type BundleFile, fileError, toYaml } from '../workspace-bundle';

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The template's plugin files (`plugins/<name>.yaml`) pinned to the packages it ships. A
 * template names its plugins by folder (template.yaml) and its bundle pins their version and
 * settings; the integrity is that of the package the folder builds, which changes with any
 * rebuild of the plugin, so the installer takes it from the package rather than trusting the
 * file's copy. A workspace that has the plugin at that version already keeps its own (the
 * installer never reinstalls a version it has). A file naming another version than the
 * package's is refused: the template contradicts itself.
 * @throws BAD_USER_INPUT naming the file and `version`
 */
export async function withShippedPlugins(
  db: Database,
  workspaceId: string,
  files: readonly BundleFile[],
  packages: readonly PluginPackage[],
): Promise<BundleFile[]> {
  if (packages.length === 0) return [...files];
  const em = await db.entities();
  const installed = await em.find(systemEntity.PluginInstallation, { workspace: workspaceId });
  return files.map((file) => {
    if (!file.path.startsWith('plugins/')) return file;
    const doc: unknown = parse(file.content);
    const pkg = isMap(doc) ? packages.find((p) => p.manifest.name === doc.name) : undefined;
    if (!isMap(doc) || !pkg) return file;
    if (doc.version !== pkg.manifest.version) {
      throw fileError(
        file.path,
        'version',
        `the template ships ${pkg.manifest.name} ${pkg.manifest.version} (template.yaml plugins); its file names ${String(doc.version)}.`,
      );
    }
    const have = installed.find((row) => row.name === pkg.manifest.name && row.version === pkg.manifest.version);
    return { path: file.path, content: toYaml({ ...doc, integrity: have?.integrity ?? pkg.integrity }) };
  });
}
