import { gql } from '../api/graphql-client';

/** One setting of a plugin's settings JSON Schema (the flat subset the manifest allows). */
export interface SettingSchema {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  default?: string | number | boolean;
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  secret?: boolean;
}

export interface SettingsSchema {
  type: 'object';
  properties: Record<string, SettingSchema>;
  required?: string[];
}

export interface PluginCall {
  entry: string;
  startedAt: string;
  durationMs: number;
  outcome: 'ok' | 'failed';
  reason: string | null;
  error: string | null;
}

/** An installed plugin as `/metadata` lists it: secret settings only as "set or not". */
export interface InstalledPlugin {
  name: string;
  version: string;
  title: string | null;
  description: string | null;
  enabled: boolean;
  permissions: string[];
  settingsSchema: SettingsSchema;
  settings: Record<string, unknown>;
  secretsSet: string[];
  hooks: string[];
  callsToday: number;
  failuresToday: number;
  calls: PluginCall[];
}

/** What an install or upgrade asks for; `applied` once approved. */
export interface PluginChange {
  applied: boolean;
  name: string;
  version: string;
  previousVersion: string | null;
  permissions: string[];
  addedPermissions: string[];
  removedPermissions: string[];
  needsApproval: boolean;
  metadataPlan: string[];
}

const CHANGE =
  'applied name version previousVersion permissions addedPermissions removedPermissions needsApproval metadataPlan';

export async function listPlugins(): Promise<InstalledPlugin[]> {
  const data = await gql<{ plugins: InstalledPlugin[] }>(
    '/metadata',
    `query { plugins { name version title description enabled permissions settingsSchema settings secretsSet hooks
      callsToday failuresToday calls(first: 20) { entry startedAt durationMs outcome reason error } } }`,
  );
  return data.plugins;
}

/**
 * Installs (or upgrades) the `.tgz` as base64; without `approve` nothing changes and the answer
 * lists the permissions and schema statements to approve.
 */
export async function sendPackage(
  mode: 'install' | 'upgrade',
  tarball: string,
  approve: boolean,
): Promise<PluginChange> {
  const field = mode === 'install' ? 'installPlugin' : 'upgradePlugin';
  const data = await gql<Record<string, PluginChange>>(
    '/metadata',
    `mutation ($t: String!, $a: Boolean) { ${field}(tarball: $t, approve: $a, dryRun: ${approve ? 'false' : 'true'}) { ${CHANGE} } }`,
    { t: tarball, a: approve },
  );
  return data[field]!;
}

export async function setPluginEnabled(name: string, enabled: boolean): Promise<void> {
  await gql('/metadata', 'mutation ($n: String!, $e: Boolean!) { setPluginEnabled(name: $n, enabled: $e) { name } }', {
    n: name,
    e: enabled,
  });
}

/** Merges `settings` (null clears one); secret values are sent once and never read back. */
export async function configurePlugin(name: string, settings: Record<string, unknown>): Promise<void> {
  await gql('/metadata', 'mutation ($n: String!, $s: JSON!) { configurePlugin(name: $n, settings: $s) { name } }', {
    n: name,
    s: settings,
  });
}

export async function uninstallPlugin(name: string, removeData: boolean): Promise<void> {
  await gql('/metadata', 'mutation ($n: String!, $r: Boolean) { uninstallPlugin(name: $n, removeData: $r) }', {
    n: name,
    r: removeData,
  });
}

/** A picked file as the base64 the API takes. */
export async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
