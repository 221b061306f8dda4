import { z } from 'zod';
import { type PluginManifest, secretSettingKeys } from '../../plugins';
import type { systemEntity } from '../../system';
import { jsonObject } from './document-schema';

/**
 * `plugins/<name>.yaml`: an installed plugin, by its package name (which never changes, so it is
 * its key), version and integrity, whether it is enabled, and its ordinary settings. Secret
 * settings live in the secret store and never reach a file: after applying to a new workspace
 * they must be set again (the plan says which).
 */
export const pluginDocument = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  /** The package's integrity (`sha512-...`): applying installs exactly this package. */
  integrity: z.string().min(1),
  enabled: z.boolean(),
  settings: jsonObject,
});
export type PluginDocument = z.infer<typeof pluginDocument>;

export type PluginValues = Pick<
  systemEntity.PluginInstallation,
  'name' | 'version' | 'integrity' | 'enabled' | 'settings'
>;

/** The settings a file may hold: those the manifest declares and does not mark secret. */
export function ordinarySettings(manifest: PluginManifest, settings: Record<string, unknown>) {
  const secret = new Set(secretSettingKeys(manifest.settings));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settings).sort()) {
    if (Object.hasOwn(manifest.settings.properties, key) && !secret.has(key)) out[key] = settings[key];
  }
  return out;
}

export function pluginToDocument(row: PluginValues & { manifest: unknown }): PluginDocument {
  return {
    name: row.name,
    version: row.version,
    integrity: row.integrity,
    enabled: row.enabled,
    // A stored row holds no secret setting; filtering again keeps a file clean even if one did.
    settings: ordinarySettings(row.manifest as PluginManifest, row.settings),
  };
}
