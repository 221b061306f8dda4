import type { Database } from '../../db';
import type { SecretStore } from '../../secrets';
import { systemEntity } from '../../system';
import type { PluginCallOutcome } from '../host/plugin-call-log';
import { pluginSecretName } from '../host/plugin-secrets';
import { type PluginManifest, type SettingsSchema, secretSettingKeys } from '../manifest';
import { permissionLines } from './permission-lines';

/** An installation as admins see it: never a secret setting's value, only whether it is set. */
export interface PluginInstallationInfo {
  id: string;
  name: string;
  version: string;
  title: string | null;
  description: string | null;
  enabled: boolean;
  permissions: string[];
  settingsSchema: SettingsSchema;
  /** The non-secret settings. */
  settings: Record<string, unknown>;
  /** Secret setting keys that hold a value. */
  secretsSet: string[];
  hooks: string[];
  actions: Array<{ name: string; title: string | null; input: unknown }>;
  schedules: Array<{ name: string; cron: string }>;
  integrity: string;
  installedAt: string;
  updatedAt: string;
  /** Calls of the last 24 hours, how many of them failed and how many the host refused. */
  callsToday: number;
  failuresToday: number;
  refusedToday: number;
}

export interface PluginCallInfo extends PluginCallOutcome {
  id: string;
  /** Null for a call naming an installation the workspace does not have. */
  version: string | null;
  entry: string;
  startedAt: string;
}

/** The workspace's installed plugins, by name. */
export async function listPluginInstallations(
  db: Database,
  secrets: SecretStore,
  workspaceId: string,
): Promise<PluginInstallationInfo[]> {
  const em = await db.entities();
  const rows = await em.find(systemEntity.PluginInstallation, { workspace: workspaceId }, { orderBy: { name: 'asc' } });
  const { rows: stats } = await db.query<{ installation_id: string; calls: string; failures: string; refused: string }>(
    `select installation_id, count(*) as calls, count(*) filter (where outcome = 'failed') as failures,
            count(*) filter (where outcome = 'refused') as refused
     from relata.plugin_calls where workspace_id = $1 and started_at > now() - interval '1 day'
     group by installation_id`,
    [workspaceId],
  );
  const statsOf = new Map(stats.map((it) => [it.installation_id, it]));
  return Promise.all(
    rows.map(async (row) => {
      const manifest = row.manifest as PluginManifest;
      const secretsSet: string[] = [];
      for (const key of secretSettingKeys(manifest.settings)) {
        if ((await secrets.read(workspaceId, pluginSecretName(row.name, key))) !== null) secretsSet.push(key);
      }
      const stat = statsOf.get(row.id);
      return {
        id: row.id,
        name: row.name,
        version: row.version,
        title: manifest.title ?? null,
        description: manifest.description ?? null,
        enabled: row.enabled,
        permissions: permissionLines(manifest),
        settingsSchema: manifest.settings,
        settings: row.settings,
        secretsSet,
        hooks: manifest.contributes.hooks.map((it) => `${it.object}.${it.on}`),
        actions: manifest.contributes.actions.map((it) => ({
          name: it.name,
          title: it.title ?? null,
          input: it.input,
        })),
        schedules: manifest.contributes.schedules.map((it) => ({ name: it.name, cron: it.cron })),
        integrity: row.integrity,
        installedAt: row.installedAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        callsToday: Number(stat?.calls ?? 0),
        failuresToday: Number(stat?.failures ?? 0),
        refusedToday: Number(stat?.refused ?? 0),
      };
    }),
  );
}

/**
 * An installation's latest calls, newest first; with `installationId` null, the workspace's calls
 * that named an installation it does not have (refused).
 */
export async function listPluginCalls(
  db: Database,
  workspaceId: string,
  installationId: string | null,
  first: number,
): Promise<PluginCallInfo[]> {
  const em = await db.entities();
  const calls = await em.find(
    systemEntity.PluginCall,
    { workspace: workspaceId, installation: installationId },
    { orderBy: { startedAt: 'desc' }, limit: Math.min(Math.max(first, 1), 500) },
  );
  return calls.map((call) => ({
    id: call.id,
    version: call.version ?? null,
    entry: call.entry,
    startedAt: call.startedAt.toISOString(),
    // MikroORM types `double` as number | string (pg returns doubles as numbers).
    durationMs: Number(call.durationMs),
    cpuMs: Number(call.cpuMs),
    outcome: call.outcome,
    reason: call.reason ?? null,
    error: call.error ?? null,
    logs: call.logs,
  }));
}
