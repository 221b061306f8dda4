import { ApiError, type GraphQLErrorShape, gql, requestHeaders } from '../api/graphql-client';

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
  /** `refused`: the host said no (disabled, quota, permission, sandbox-unavailable in `reason`). */
  outcome: 'ok' | 'failed' | 'refused';
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
  refusedToday: number;
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
  /** One line an object it adds or adds fields to. */
  metadataAdds: string[];
}

const CHANGE =
  'applied name version previousVersion permissions addedPermissions removedPermissions needsApproval metadataPlan metadataAdds';

export async function listPlugins(): Promise<InstalledPlugin[]> {
  const data = await gql<{ plugins: InstalledPlugin[] }>(
    '/metadata',
    `query { plugins { name version title description enabled permissions settingsSchema settings secretsSet hooks
      callsToday failuresToday refusedToday calls(first: 20) { entry startedAt durationMs outcome reason error } } }`,
  );
  return data.plugins;
}

/**
 * Sends the picked `.tgz` raw to `POST /metadata/plugin-uploads` (no base64, no GraphQL body
 * limit: the server's RELATA_MAX_PLUGIN_TARBALL_BYTES applies) and answers the upload's id.
 */
export async function uploadPackage(file: File): Promise<string> {
  const headers = { ...requestHeaders(), 'content-type': 'application/gzip' };
  const response = await fetch('/metadata/plugin-uploads', { method: 'POST', headers, body: file });
  const body = (await response.json().catch(() => null)) as { upload?: string; errors?: GraphQLErrorShape[] } | null;
  if (!response.ok || !body?.upload) {
    throw new ApiError(body?.errors ?? [{ message: `The server answered HTTP ${response.status}.` }]);
  }
  return body.upload;
}

/**
 * Installs (or upgrades) an upload; without `approve` nothing changes and the answer lists the
 * permissions and schema statements to approve.
 */
export async function sendPackage(
  mode: 'install' | 'upgrade',
  upload: string,
  approve: boolean,
): Promise<PluginChange> {
  const field = mode === 'install' ? 'installPlugin' : 'upgradePlugin';
  const data = await gql<Record<string, PluginChange>>(
    '/metadata',
    `mutation ($u: ID!, $a: Boolean) { ${field}(upload: $u, approve: $a, dryRun: ${approve ? 'false' : 'true'}) { ${CHANGE} } }`,
    { u: upload, a: approve },
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
