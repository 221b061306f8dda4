import type { Database } from '../../db';
import type { WorkspaceSnapshot } from '../../metadata';
import type { SecretStore } from '../../secrets';
import { systemEntity } from '../../system';
import { type PluginManifest, secretSettingKeys } from '../manifest';
import { type PluginGrants, pluginGrantsSchema } from './plugin-grants';
import { pluginSecretName } from './plugin-secrets';

/** An enabled installation as calls need it (the bundle is read once per hash, by the runner). */
export interface InstalledPlugin {
  id: string;
  workspaceId: string;
  name: string;
  version: string;
  manifest: PluginManifest;
  grants: PluginGrants;
  /** Its settings, secret ones decrypted: held for this plugin's calls only. */
  settings: Record<string, unknown>;
  bundleSha256: string;
}

/**
 * The enabled plugins of each workspace, read once per metadata version. Every lifecycle change
 * (install, enable, disable, settings, upgrade, uninstall) bumps the workspace's metadata version
 * in its transaction, whose NOTIFY makes every node load a newer snapshot: a hook or action call
 * then finds its plugin in memory instead of reading the database.
 */
export interface InstalledPlugins {
  /** The workspace's enabled plugins as of `snapshot` (loaded when the snapshot is newer than the cache). */
  enabled(snapshot: WorkspaceSnapshot): Promise<readonly InstalledPlugin[]>;
  /** What is loaded for `snapshot`'s version without waiting; undefined while it is not (yet). */
  peek(snapshot: WorkspaceSnapshot): readonly InstalledPlugin[] | undefined;
  /** Drops a workspace's entry (this node changed installation rows without a new snapshot). */
  invalidate(workspaceId: string): void;
}

interface CacheEntry {
  version: number;
  loading: Promise<readonly InstalledPlugin[]>;
  loaded?: readonly InstalledPlugin[];
}

export function createInstalledPlugins({ db, secrets }: { db: Database; secrets: SecretStore }): InstalledPlugins {
  const cache = new Map<string, CacheEntry>();

  async function load(workspaceId: string): Promise<readonly InstalledPlugin[]> {
    const em = await db.entities();
    const rows = await em.find(
      systemEntity.PluginInstallation,
      { workspace: workspaceId, enabled: true },
      { orderBy: { name: 'asc' } },
    );
    return Promise.all(
      rows.map(async (row): Promise<InstalledPlugin> => {
        const manifest = row.manifest as PluginManifest;
        const settings: Record<string, unknown> = Object.assign(Object.create(null), row.settings);
        for (const key of secretSettingKeys(manifest.settings)) {
          const value = await secrets.read(workspaceId, pluginSecretName(row.name, key));
          if (value !== null) settings[key] = value;
        }
        return {
          id: row.id,
          workspaceId,
          name: row.name,
          version: row.version,
          manifest,
          grants: pluginGrantsSchema.parse(row.grants),
          settings,
          bundleSha256: row.bundleSha256,
        };
      }),
    );
  }

  function entryFor(snapshot: WorkspaceSnapshot): CacheEntry {
    const current = cache.get(snapshot.workspaceId);
    // An older snapshot (a job started before a change) is served what is cached: never older than it.
    if (current && current.version >= snapshot.version) return current;
    const entry: CacheEntry = { version: snapshot.version, loading: load(snapshot.workspaceId) };
    cache.set(snapshot.workspaceId, entry);
    entry.loading.then(
      (plugins) => {
        entry.loaded = plugins;
      },
      () => {
        // A failed load must not stick: the next call reads again.
        if (cache.get(snapshot.workspaceId) === entry) cache.delete(snapshot.workspaceId);
      },
    );
    return entry;
  }

  return {
    enabled: (snapshot) => entryFor(snapshot).loading,
    peek: (snapshot) => entryFor(snapshot).loaded,
    invalidate: (workspaceId) => {
      cache.delete(workspaceId);
    },
  };
}
