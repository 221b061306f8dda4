import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/**
 * A plugin installed in a workspace: the manifest and bundle it was installed from (the host
 * runs this stored bundle, checked against `bundleSha256` on every load), the permissions the
 * admin approved resolved to object and field ids, and its non-secret settings (secret ones live
 * in the secret store).
 */
export const PluginInstallation = defineEntity({
  name: 'PluginInstallation',
  schema: 'relata',
  tableName: 'plugin_installations',
  uniques: [{ name: 'plugin_installations_workspace_name_key', properties: ['workspace', 'name'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade').updateRule('no action'),
    name: p.text(),
    version: p.text(),
    manifest: p.json<Record<string, unknown>>(),
    bundle: p.text().lazy(),
    bundleSha256: p.text(),
    integrity: p.text(),
    grants: p.json<Record<string, unknown>>(),
    enabled: p.boolean().default(false),
    settings: p.json<Record<string, unknown>>(),
    installedBy: p.uuid().nullable(),
    installedAt: p.datetime().defaultRaw('now()'),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onUpdate(() => new Date()),
  },
});
export type PluginInstallation = InferEntity<typeof PluginInstallation>;

/** One call into a plugin (or refused before it ran): what ran, how long, how it ended and what it logged. Admins query it. */
export const PluginCall = defineEntity({
  name: 'PluginCall',
  schema: 'relata',
  tableName: 'plugin_calls',
  indexes: [{ name: 'plugin_calls_installation_started_idx', properties: ['installation', 'startedAt'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade').updateRule('no action'),
    /** Null when the call named an installation the workspace does not have (logged as refused). */
    installation: () => p.manyToOne(PluginInstallation).deleteRule('cascade').updateRule('no action').nullable(),
    version: p.text().nullable(),
    entry: p.text(),
    startedAt: p.datetime(),
    durationMs: p.double(),
    cpuMs: p.double(),
    outcome: p.enum(['ok', 'failed', 'refused'] as const),
    reason: p.text().nullable(),
    error: p.text().nullable(),
    logs: p.json<Array<{ level: string; message: string }>>(),
  },
});
export type PluginCall = InferEntity<typeof PluginCall>;

/**
 * A plugin tarball uploaded raw (`POST /metadata/plugin-uploads`), too big for a GraphQL string:
 * the install and upgrade mutations name it, so a dry run and its approval send it once. Uploads
 * older than an hour are deleted by the next upload.
 */
export const PluginUpload = defineEntity({
  name: 'PluginUpload',
  schema: 'relata',
  tableName: 'plugin_uploads',
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade').updateRule('no action'),
    tarball: p.blob().lazy(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type PluginUpload = InferEntity<typeof PluginUpload>;
