import { parseInput } from '../../metadata';
import {
  type PluginGrants,
  type PluginManifest,
  type PluginPackage,
  permissionLines,
  resolveGrants,
  secretSettingKeys,
  settingsValues,
} from '../../plugins';
import { systemEntity } from '../../system';
import type { BundleStep, SectionContext } from '../bundle-section';
import { fileError } from '../bundle-yaml';
import { canonicalJson } from '../key-filters';
import type { PluginDocument } from './plugin-document';
import { inFile } from './section-refs';

/**
 * Where an install takes its package from: a workspace of this server that has it (by that
 * installation's id), or the packages the caller brought with the bundle.
 */
export type PackageSource = { installationId: string } | { package: PluginPackage };

/** What applying a plugin's file does: install it from a package the server has, or set it. */
export type PluginPayload =
  | { action: 'install'; source: PackageSource | null; file: string; grants: PluginGrants | null; doc: PluginDocument }
  | { action: 'set'; id: string; doc: PluginDocument }
  | { action: 'uninstall'; id: string; name: string; manifest: PluginManifest };

type Installation = systemEntity.PluginInstallation;
type Step = BundleStep<PluginPayload>;

const step = (
  kind: Step['kind'],
  name: string,
  summary: string[],
  warnings: string[],
  payload: PluginPayload,
): Step => ({
  section: 'plugins',
  kind,
  target: `plugin ${name}`,
  sql: [],
  summary,
  impact: { affectedRows: null, droppedRows: null },
  warnings,
  payload,
});

/** The file's ordinary settings checked against the manifest; a secret one is refused: files never hold them. */
async function checkSettings(file: string, manifest: PluginManifest, settings: Record<string, unknown>) {
  const secret = secretSettingKeys(manifest.settings).find((key) => Object.hasOwn(settings, key));
  if (secret)
    throw fileError(file, `settings.${secret}`, 'a secret setting never goes in a file; set it on the Plugins page.');
  await inFile({ file }, () =>
    parseInput(settingsValues({ ...manifest.settings, required: [] }), settings, 'settings'),
  );
}

/**
 * The package a plugin's file names (exactly that version and integrity): one the caller brought,
 * else any workspace's installation of it. A bundle carries no code, so a server only installs
 * what it has.
 */
async function packageSource(
  ctx: SectionContext,
  doc: PluginDocument,
): Promise<{ source: PackageSource; manifest: PluginManifest } | null> {
  const brought = ctx.deps.packages?.find(
    (pkg) => pkg.manifest.name === doc.name && pkg.manifest.version === doc.version && pkg.integrity === doc.integrity,
  );
  if (brought) return { source: { package: brought }, manifest: brought.manifest };
  const em = await ctx.tx.entities();
  const row = await em.findOne(systemEntity.PluginInstallation, {
    name: doc.name,
    version: doc.version,
    integrity: doc.integrity,
  });
  return row ? { source: { installationId: row.id }, manifest: row.manifest as PluginManifest } : null;
}

/** The step a plugin's file plans: install, change, or nothing (null). */
export async function planPlugin(
  ctx: SectionContext,
  file: string,
  doc: PluginDocument,
  installed: Installation | undefined,
): Promise<Step | null> {
  if (installed) {
    if (installed.version !== doc.version || installed.integrity !== doc.integrity) {
      throw fileError(
        file,
        'version',
        `the workspace has ${doc.name} ${installed.version}; the file names ${doc.version} (${doc.integrity}): upgrade it on the Plugins page or with relata plugin upgrade, then apply again.`,
      );
    }
    const manifest = installed.manifest as PluginManifest;
    await checkSettings(file, manifest, doc.settings);
    // Key order is not a change: the stored settings come back in jsonb's order, a file's sorted.
    const same = installed.enabled === doc.enabled && canonicalJson(installed.settings) === canonicalJson(doc.settings);
    if (same) return null;
    return step('update', doc.name, [`${doc.enabled ? 'Enable' : 'Disable'} ${doc.name} and set its settings.`], [], {
      action: 'set',
      id: installed.id,
      doc,
    });
  }
  const found = await packageSource(ctx, doc);
  const summary = [`Install ${doc.name} ${doc.version}${doc.enabled ? '' : ' (disabled)'}.`];
  if (!found) {
    const warning = `The package ${doc.name} ${doc.version} is not on this server: apply refuses until it is installed (relata plugin install <package> --workspace <any>).`;
    return step('create', doc.name, summary, [warning], { action: 'install', source: null, file, grants: null, doc });
  }
  const { source, manifest } = found;
  await checkSettings(file, manifest, doc.settings);
  const grants = await inFile({ file }, () => resolveGrants(manifest, ctx.after));
  const secrets = secretSettingKeys(manifest.settings);
  const warnings = [
    `It is granted: ${permissionLines(manifest).join('; ') || 'nothing'}.`,
    ...(secrets.length
      ? [`Set its secret settings (${secrets.join(', ')}) on the Plugins page: files never hold secrets.`]
      : []),
  ];
  return step('create', doc.name, summary, warnings, { action: 'install', source, file, grants, doc });
}

/** Uninstalling a plugin the files no longer hold (prune): what it contributed stays, as `uninstall` does. */
export const uninstallStep = (row: Installation): Step =>
  step('delete', row.name, [`Uninstall ${row.name} ${row.version} (its objects and data stay).`], [], {
    action: 'uninstall',
    id: row.id,
    name: row.name,
    manifest: row.manifest as PluginManifest,
  });
