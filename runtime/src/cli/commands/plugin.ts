import { readFile, stat } from 'node:fs/promises';
import {
  createMetadataService,
  createPluginLifecycle,
  createSecretCipher,
  createSecretStore,
  getWorkspace,
  listPluginInstallations,
  type PluginChange,
  type PluginLifecycle,
  type PluginPackage,
  readPluginFolder,
  readPluginTarball,
  type SecretStore,
  tarballTooLarge,
} from '@relata/core';
import { loadConfig } from '../../config';
import type { PgDatabase } from '../../db';
import { UsageError } from '../cli-errors';
import { openConfiguredDatabase } from '../open-configured-database';
import { required } from '../parse';
import { parsePluginArgs } from './plugin-args';

export const PLUGIN_USAGE = `Use: relata plugin install <file.tgz|folder> --workspace W [--approve] [--disabled] [--integrity sha512-...]
     relata plugin upgrade <file.tgz|folder> --workspace W [--approve]
     relata plugin list --workspace W
     relata plugin enable|disable <name> --workspace W
     relata plugin configure <name> --workspace W --set key=value [--set key=value ...]
     relata plugin uninstall <name> --workspace W [--remove-data]`;

interface PluginCli {
  db: PgDatabase;
  secrets: SecretStore;
  lifecycle: PluginLifecycle;
  workspaceId: string;
  /** RELATA_MAX_PLUGIN_TARBALL_BYTES, as the server's uploads. */
  maxTarballBytes: number;
}

/** The CLI acts as the system; a change it makes bumps the metadata version, so running servers follow. */
const CLI_ACTOR = { kind: 'system' as const, id: null, role: 'admin' };

/** `relata plugin install|upgrade|list|enable|disable|configure|uninstall` */
export async function pluginCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const parsed = parsePluginArgs(action, rest, PLUGIN_USAGE);
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const { db } = database.opened;
    const workspace = await getWorkspace(db, { slug: required(parsed.values.workspace, 'workspace') });
    const secrets = createSecretStore({ db, cipher: createSecretCipher(database.secret) });
    const lifecycle = createPluginLifecycle({ db, secrets, metadata: createMetadataService({ db }) });
    const cli: PluginCli = {
      db,
      secrets,
      lifecycle,
      workspaceId: workspace.id,
      maxTarballBytes: config.limits.maxPluginTarballBytes,
    };
    switch (parsed.action) {
      case 'install':
      case 'upgrade':
        return await change(cli, parsed.action, parsed.target, parsed.values);
      case 'list':
        return await list(cli);
      case 'enable':
      case 'disable':
        await lifecycle.setEnabled(workspace.id, parsed.target, parsed.action === 'enable');
        console.log(`Plugin ${parsed.target} ${parsed.action}d in workspace ${workspace.slug}.`);
        return;
      case 'configure':
        await lifecycle.configure(workspace.id, parsed.target, settingsOf(parsed.values.set ?? []), CLI_ACTOR);
        console.log(`Settings of ${parsed.target} saved.`);
        return;
      case 'uninstall': {
        const removeData = parsed.values['remove-data'] === true;
        await lifecycle.uninstall(workspace.id, parsed.target, { removeData });
        console.log(
          removeData
            ? `Plugin ${parsed.target} uninstalled; its objects and fields were removed.`
            : `Plugin ${parsed.target} uninstalled; its objects and fields stay (--remove-data removes them).`,
        );
        return;
      }
    }
  } finally {
    await database.close();
  }
}

async function readPackage(target: string, integrity: string | undefined, maxBytes: number): Promise<PluginPackage> {
  const kind = await stat(target).catch(() => {
    throw new UsageError(`No such file or folder: ${target}`);
  });
  if (kind.isDirectory()) {
    if (integrity) throw new UsageError('--integrity checks a tarball; a folder has none.');
    return readPluginFolder(target);
  }
  const tarball = await readFile(target);
  // Too big is the operator's input to fix (exit 2 with the message), not a failure.
  if (tarball.byteLength > maxBytes) throw new UsageError(tarballTooLarge(tarball.byteLength, maxBytes).message);
  return readPluginTarball(tarball, integrity, maxBytes);
}

async function change(
  cli: PluginCli,
  action: 'install' | 'upgrade',
  target: string,
  values: { approve?: boolean; disabled?: boolean; integrity?: string },
): Promise<void> {
  console.log(`Reading ${target}...`);
  const pkg = await readPackage(target, values.integrity, cli.maxTarballBytes);
  console.log(`  ${pkg.manifest.name} ${pkg.manifest.version} (${pkg.integrity.slice(0, 24)}...)`);
  const options = { actor: CLI_ACTOR, approve: values.approve === true, enable: values.disabled !== true };
  console.log(action === 'install' ? 'Planning the install...' : 'Planning the upgrade...');
  const result =
    action === 'install'
      ? await cli.lifecycle.install(cli.workspaceId, pkg, options)
      : await cli.lifecycle.upgrade(cli.workspaceId, pkg, options);
  printChange(result);
  if (!result.applied) {
    throw new UsageError(`Not ${action}ed: approve the new permissions above with --approve.`);
  }
  console.log(
    action === 'install'
      ? `Installed ${result.name} ${result.version}${options.enable ? ' (enabled)' : ' (disabled)'}.`
      : `Upgraded ${result.name} ${result.previousVersion} -> ${result.version}.`,
  );
}

function printChange(change: PluginChange): void {
  const lines = (title: string, items: string[]) => {
    if (items.length === 0) return;
    console.log(title);
    for (const item of items) console.log(`  ${item}`);
  };
  if (change.permissions.length === 0) console.log('Permissions: none');
  lines('Permissions requested:', change.permissions);
  lines('New since the approved version:', change.previousVersion ? change.addedPermissions : []);
  lines('No longer asked for:', change.removedPermissions);
  if (change.metadataAdds.length === 0) console.log('Objects and fields: nothing to add');
  lines(`Objects and fields to add (${change.metadataPlan.length} schema statement(s)):`, change.metadataAdds);
}

async function list(cli: PluginCli): Promise<void> {
  const installed = await listPluginInstallations(cli.db, cli.secrets, cli.workspaceId);
  if (installed.length === 0) {
    console.log('No plugins installed.');
    return;
  }
  console.table(
    installed.map((it) => ({
      name: it.name,
      version: it.version,
      status: it.enabled ? 'enabled' : 'disabled',
      permissions: it.permissions.join('; ') || 'none',
      callsToday: it.callsToday,
      failuresToday: it.failuresToday,
    })),
  );
}

/** `--set key=value`: numbers and booleans as JSON, anything else as text; `key=` clears the key. */
function settingsOf(pairs: string[]): Record<string, unknown> {
  const settings: Record<string, unknown> = Object.create(null);
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--set ${pair}: give key=value.`);
    const value = pair.slice(at + 1);
    settings[pair.slice(0, at)] =
      value === '' ? null : /^(-?\d+(\.\d+)?|true|false)$/.test(value) ? JSON.parse(value) : value;
  }
  return settings;
}
