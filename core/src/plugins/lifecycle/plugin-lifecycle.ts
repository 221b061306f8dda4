import type { EntityManager } from '@mikro-orm/postgresql';
import semver from 'semver';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db';
import { badInput, conflict, notFound } from '../../errors';
import type { MetadataService } from '../../metadata';
import type { Actor } from '../../records';
import type { SecretStore } from '../../secrets';
import { systemEntity } from '../../system';
import { bumpMetadataVersion, loadSnapshot } from '../../workspace';
import { type PluginGrants, resolveGrants } from '../host/plugin-grants';
import type { PluginQuotaUsage } from '../host/plugin-quotas';
import { pluginSecretName } from '../host/plugin-secrets';
import { type PluginManifest, secretSettingKeys } from '../manifest';
import type { PluginPackage } from '../package';
import { applyContributed } from './contributed-apply';
import {
  assertGrantedObjectsExist,
  type ContributedBundle,
  contributedBundle,
  contributedRemovals,
} from './contributed-metadata';
import { permissionDiff, permissionLines } from './permission-lines';
import { applySettings, defaultSettings } from './plugin-settings';

/** What an install or upgrade asks for, and whether it was applied. */
export interface PluginChange {
  applied: boolean;
  name: string;
  version: string;
  previousVersion: string | null;
  /** Every permission the package asks for, one line each. */
  permissions: string[];
  /** Lines beyond what the admin approved before (an install: all of them). */
  addedPermissions: string[];
  removedPermissions: string[];
  /** Added permissions need `approve: true`. */
  needsApproval: boolean;
  /** The SQL of the objects and fields it adds (planned by the metadata service). */
  metadataPlan: string[];
  /** The same in words, one line an object: `new object Case (case): subject, priority`. */
  metadataAdds: string[];
  installationId: string | null;
}

export interface InstallOptions {
  actor: Actor;
  /** The admin approved the permissions shown. @default false */
  approve?: boolean;
  /** Only show what would happen. @default false */
  dryRun?: boolean;
  /** Enable at once (an install). @default true */
  enable?: boolean;
}

/** Install, upgrade, enable, disable, configure and uninstall plugins of a workspace. */
export interface PluginLifecycle {
  install(workspaceId: string, pkg: PluginPackage, options: InstallOptions): Promise<PluginChange>;
  upgrade(workspaceId: string, pkg: PluginPackage, options: InstallOptions): Promise<PluginChange>;
  setEnabled(workspaceId: string, name: string, enabled: boolean): Promise<void>;
  /** Merges `values` into the settings (null clears one); secret ones go to the secret store. */
  configure(workspaceId: string, name: string, values: unknown, actor: Actor): Promise<void>;
  /**
   * Removes the installation, its secret settings and its call log. What it contributed stays
   * unless `removeData`: the records in its objects and fields are the workspace's data.
   */
  uninstall(workspaceId: string, name: string, options: { removeData?: boolean }): Promise<void>;
  /** The workspace's plugin quotas and their use across nodes (where calls run). */
  quota?(workspaceId: string): Promise<PluginQuotaUsage>;
  /** Writes this node's queued call-log rows (the log is read after it). */
  flushCalls?(): Promise<void>;
}

export interface PluginLifecycleOptions {
  db: Database;
  /** Contributed objects and fields go through it (the runtime's, which refreshes the node). */
  metadata: MetadataService;
  secrets: SecretStore;
  /** Called after each applied change (the runtime reloads the workspace on this node). */
  onChanged?(workspaceId: string): Promise<void>;
  /** The runner's quota counts, on nodes that run plugins. */
  quota?(workspaceId: string): Promise<PluginQuotaUsage>;
  /** The runner's call-log flush, on nodes that run plugins. */
  flushCalls?(): Promise<void>;
}

export function createPluginLifecycle(options: PluginLifecycleOptions): PluginLifecycle {
  const { db, metadata, secrets } = options;

  async function findRow(workspaceId: string, name: string) {
    const em = await db.entities();
    const row = await em.findOne(systemEntity.PluginInstallation, { workspace: workspaceId, name });
    if (!row) throw notFound(`No plugin "${name}" is installed in this workspace.`, { field: 'name' });
    return row;
  }

  /** Writes `change` to the installation in one transaction with the version bump every node reloads on. */
  async function commit(workspaceId: string, change: (em: EntityManager) => Promise<void>) {
    await db.transaction(async (tx) => {
      const em = await tx.entities();
      await change(em);
      await em.flush();
      await bumpMetadataVersion(tx, workspaceId);
    });
    await options.onChanged?.(workspaceId);
  }

  async function plan(workspaceId: string, pkg: PluginPackage, approved: PluginManifest | null, opts: InstallOptions) {
    const snapshot = await loadSnapshot(db, workspaceId);
    assertGrantedObjectsExist(pkg.manifest, snapshot);
    const bundle = contributedBundle(pkg.manifest, snapshot);
    const metadataPlan = bundle ? (await applyContributed(metadata, workspaceId, bundle, { dryRun: true })).plan : [];
    const permissions = permissionLines(pkg.manifest);
    const diff = permissionDiff(approved ? permissionLines(approved) : [], permissions);
    const needsApproval = diff.added.length > 0;
    return {
      bundle,
      apply: !opts.dryRun && (!needsApproval || opts.approve === true),
      change: {
        applied: false,
        name: pkg.manifest.name,
        version: pkg.manifest.version,
        previousVersion: approved?.version ?? null,
        permissions,
        addedPermissions: diff.added,
        removedPermissions: diff.removed,
        needsApproval,
        metadataPlan,
        metadataAdds: bundle?.adds ?? [],
        installationId: null,
      } satisfies PluginChange,
    };
  }

  /**
   * Writes the installation with the grants resolved against the workspace as it will be: with
   * contributed metadata, in the transaction that adds it (both land or neither does).
   */
  async function commitWithMetadata(
    workspaceId: string,
    pkg: PluginPackage,
    bundle: ContributedBundle | null,
    write: (em: EntityManager, grants: PluginGrants) => Promise<void>,
  ) {
    if (!bundle) {
      const grants = resolveGrants(pkg.manifest, await loadSnapshot(db, workspaceId));
      return commit(workspaceId, (em) => write(em, grants));
    }
    await applyContributed(metadata, workspaceId, bundle, {
      dryRun: false,
      alongside: async (tx, next) => {
        const em = await tx.entities();
        await write(em, resolveGrants(pkg.manifest, next));
        await em.flush();
      },
    });
    await options.onChanged?.(workspaceId);
  }

  return {
    quota: options.quota,
    flushCalls: options.flushCalls,
    async install(workspaceId, pkg, opts) {
      const em = await db.entities();
      if (await em.findOne(systemEntity.PluginInstallation, { workspace: workspaceId, name: pkg.manifest.name })) {
        throw conflict(`The plugin "${pkg.manifest.name}" is installed already; upgrade it instead.`, {
          field: 'name',
        });
      }
      const planned = await plan(workspaceId, pkg, null, opts);
      if (!planned.apply) return planned.change;
      const id = uuidv7();
      await commitWithMetadata(workspaceId, pkg, planned.bundle, async (tx, grants) => {
        tx.create(systemEntity.PluginInstallation, {
          id,
          workspace: workspaceId,
          name: pkg.manifest.name,
          version: pkg.manifest.version,
          manifest: pkg.manifest,
          bundle: pkg.bundle,
          bundleSha256: pkg.bundleSha256,
          integrity: pkg.integrity,
          grants,
          enabled: opts.enable ?? true,
          settings: defaultSettings(pkg.manifest.settings),
          installedBy: opts.actor.kind === 'user' ? opts.actor.id : null,
        });
      });
      return { ...planned.change, applied: true, installationId: id };
    },

    async upgrade(workspaceId, pkg, opts) {
      const row = await findRow(workspaceId, pkg.manifest.name);
      if (!semver.gt(pkg.manifest.version, row.version)) {
        throw badInput(
          'relata.version',
          `relata.version: ${pkg.manifest.version} is not newer than the installed ${row.version}.`,
        );
      }
      const planned = await plan(workspaceId, pkg, row.manifest as PluginManifest, opts);
      if (!planned.apply) return { ...planned.change, installationId: row.id };
      // Kept: settings the new version still declares as ordinary ones. A setting that became
      // secret is dropped from the row, never shown again, and must be set anew.
      const secret = new Set(secretSettingKeys(pkg.manifest.settings));
      const declared = new Set(Object.keys(pkg.manifest.settings.properties).filter((key) => !secret.has(key)));
      const kept = Object.fromEntries(Object.entries(row.settings).filter(([key]) => declared.has(key)));
      await commitWithMetadata(workspaceId, pkg, planned.bundle, async (tx, grants) => {
        const current = await tx.findOneOrFail(systemEntity.PluginInstallation, { id: row.id });
        Object.assign(current, {
          version: pkg.manifest.version,
          manifest: pkg.manifest,
          bundle: pkg.bundle,
          bundleSha256: pkg.bundleSha256,
          integrity: pkg.integrity,
          grants,
          settings: { ...defaultSettings(pkg.manifest.settings), ...kept },
        });
      });
      return { ...planned.change, applied: true, installationId: row.id };
    },

    async setEnabled(workspaceId, name, enabled) {
      const row = await findRow(workspaceId, name);
      if (row.enabled === enabled) return;
      await commit(workspaceId, async (tx) => {
        (await tx.findOneOrFail(systemEntity.PluginInstallation, { id: row.id })).enabled = enabled;
      });
    },

    async configure(workspaceId, name, values, actor) {
      const row = await findRow(workspaceId, name);
      const manifest = row.manifest as PluginManifest;
      const stored = new Set<string>();
      for (const key of secretSettingKeys(manifest.settings)) {
        if ((await secrets.read(workspaceId, pluginSecretName(name, key))) !== null) stored.add(key);
      }
      const next = applySettings(manifest.settings, row.settings, stored, values);
      await commit(workspaceId, async (tx) => {
        for (const [key, value] of next.secrets) {
          const secretName = pluginSecretName(name, key);
          if (value === null) {
            if (stored.has(key)) await secrets.delete(workspaceId, secretName);
          } else await secrets.set(workspaceId, secretName, value, actor);
        }
        (await tx.findOneOrFail(systemEntity.PluginInstallation, { id: row.id })).settings = next.settings;
      });
    },

    async uninstall(workspaceId, name, { removeData = false }) {
      const row = await findRow(workspaceId, name);
      const manifest = row.manifest as PluginManifest;
      if (removeData) {
        const removals = contributedRemovals(manifest, await loadSnapshot(db, workspaceId));
        for (const field of removals.fields) await metadata.deleteField(workspaceId, field.object, field.name);
        for (const object of removals.objects) await metadata.deleteObject(workspaceId, object);
      }
      for (const key of secretSettingKeys(manifest.settings)) {
        const secretName = pluginSecretName(name, key);
        if ((await secrets.read(workspaceId, secretName)) !== null) await secrets.delete(workspaceId, secretName);
      }
      await commit(workspaceId, async (tx) => {
        await tx.nativeDelete(systemEntity.PluginCall, { installation: row.id });
        await tx.nativeDelete(systemEntity.PluginInstallation, { id: row.id });
      });
    },
  };
}
