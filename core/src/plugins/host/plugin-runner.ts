import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database } from '../../db';
import { forbidden, isRelataError, notFound, RelataError } from '../../errors';
import { outboundFetch } from '../../outbound';
import type { SecretStore } from '../../secrets';
import { systemEntity } from '../../system';
import { type PluginManifest, secretSettingKeys } from '../manifest';
import { sha256 } from '../package';
import { type HostCalls, type PluginCode, pluginFailed, type SandboxLimits, type SandboxPool } from '../sandbox';
import { type PluginGrants, pluginGrantsSchema } from './plugin-grants';
import { pluginSecretName } from './plugin-secrets';

export interface PluginRunnerOptions {
  db: Database;
  pool: SandboxPool;
  secrets: SecretStore;
  limits?: Partial<SandboxLimits>;
  /** Loopback ports `ctx.http.fetch` may reach: tests' local servers only; production leaves it empty. */
  allowLoopbackPorts?: readonly number[];
}

/** Runs entries of installed plugins and logs every call. */
export interface PluginRunner {
  /**
   * Calls `entry` (`actions.score`, `hooks.contact.beforeUpdate`...) of an installed, enabled
   * plugin with `input`; resolves to its JSON output.
   * @throws PLUGIN_FAILED with the reason; FORBIDDEN when the plugin is disabled
   */
  call(installationId: string, entry: string, input: unknown): Promise<unknown>;
}

const MAX_LOG_LINES = 100;
const MAX_LOG_CHARS = 2000;
const MAX_FETCH_BODY_BYTES = 1024 * 1024;

const fetchArgs = z.tuple([
  z.strictObject({
    url: z.string(),
    method: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  }),
]);
const logArgs = z.tuple([z.enum(['info', 'warn', 'error']), z.string()]);

interface LoadedInstallation {
  id: string;
  workspaceId: string;
  name: string;
  version: string;
  manifest: PluginManifest;
  grants: PluginGrants;
  settings: Record<string, unknown>;
  code: PluginCode;
}

export function createPluginRunner(options: PluginRunnerOptions): PluginRunner {
  const { db, pool, secrets } = options;
  /** Verified bundles by installation and hash: a changed row is read and checked again. */
  const verified = new Map<string, PluginCode>();

  async function load(installationId: string): Promise<LoadedInstallation> {
    const em = await db.entities();
    const row = await em.findOne(systemEntity.PluginInstallation, { id: installationId });
    if (!row) throw notFound(`There is no installed plugin ${installationId}.`);
    if (!row.enabled) throw forbidden(`The plugin ${row.name} is disabled.`, { plugin: row.name });
    const cacheKey = `${row.id}#${row.bundleSha256}`;
    let code = verified.get(cacheKey);
    if (!code) {
      await em.populate(row, ['bundle']);
      if (sha256(row.bundle) !== row.bundleSha256) {
        throw pluginFailed(row.name, 'load', 'load', 'the stored bundle does not match its hash; reinstall the plugin');
      }
      // Keyed by installation: a plugin's isolate (and whatever its globals keep) serves one workspace only.
      code = { key: `${row.id}@${row.version}#${row.bundleSha256}`, name: row.name, source: row.bundle };
      verified.set(cacheKey, code);
    }
    return {
      id: row.id,
      workspaceId: typeof row.workspace === 'string' ? row.workspace : row.workspace.id,
      name: row.name,
      version: row.version,
      manifest: row.manifest as PluginManifest,
      grants: pluginGrantsSchema.parse(row.grants),
      settings: row.settings,
      code,
    };
  }

  async function settingsOf(plugin: LoadedInstallation): Promise<Record<string, unknown>> {
    const settings: Record<string, unknown> = Object.assign(Object.create(null), plugin.settings);
    for (const key of secretSettingKeys(plugin.manifest.settings)) {
      const value = await secrets.read(plugin.workspaceId, pluginSecretName(plugin.name, key));
      if (value !== null) settings[key] = value;
    }
    return settings;
  }

  function hostCalls(plugin: LoadedInstallation, logs: Array<{ level: string; message: string }>): HostCalls {
    return async (op, args) => {
      if (op === 'log') {
        const [level, message] = logArgs.parse(args);
        if (logs.length < MAX_LOG_LINES) logs.push({ level, message: message.slice(0, MAX_LOG_CHARS) });
        return null;
      }
      if (op === 'http.fetch') {
        const [request] = parseArgs(fetchArgs, args, 'ctx.http.fetch');
        if (plugin.grants.http.length === 0) {
          throw forbidden(`The plugin ${plugin.name} was granted no HTTP host.`, { reason: 'host-not-allowed' });
        }
        const response = await outboundFetch(request, {
          allowHosts: plugin.grants.http,
          allowLoopbackPorts: options.allowLoopbackPorts ?? [],
          maxBodyBytes: MAX_FETCH_BODY_BYTES,
        });
        return {
          status: response.status,
          headers: response.headers,
          body: response.body.toString('utf8'),
          url: response.url,
        };
      }
      throw forbidden(`${op} is not available to plugins in this version of the host.`, { reason: 'not-available' });
    };
  }

  async function logCall(plugin: LoadedInstallation, entry: string, started: Date, outcome: CallOutcome) {
    const em = await db.entities();
    em.create(systemEntity.PluginCall, {
      id: uuidv7(),
      workspace: plugin.workspaceId,
      installation: plugin.id,
      version: plugin.version,
      entry,
      startedAt: started,
      durationMs: outcome.durationMs,
      cpuMs: outcome.cpuMs,
      outcome: outcome.error ? 'failed' : 'ok',
      reason: outcome.error ? String(outcome.error.details.reason ?? outcome.error.code) : null,
      error: outcome.error ? outcome.error.message.slice(0, 2000) : null,
      logs: outcome.logs,
    });
    await em.flush();
  }

  return {
    async call(installationId, entry, input) {
      const plugin = await load(installationId);
      const logs: Array<{ level: string; message: string }> = [];
      const started = new Date();
      const startedAt = performance.now();
      try {
        const result = await pool.call({
          plugin: plugin.code,
          entry,
          input,
          settings: await settingsOf(plugin),
          limits: options.limits,
          host: hostCalls(plugin, logs),
        });
        await logCall(plugin, entry, started, { durationMs: result.durationMs, cpuMs: result.cpuMs, logs });
        return result.output;
      } catch (error) {
        const failure = isRelataError(error) ? error : pluginFailed(plugin.name, entry, 'crashed', String(error));
        const durationMs = performance.now() - startedAt;
        await logCall(plugin, entry, started, { durationMs, cpuMs: 0, logs, error: failure });
        throw failure;
      }
    },
  };
}

interface CallOutcome {
  durationMs: number;
  cpuMs: number;
  logs: Array<{ level: string; message: string }>;
  error?: RelataError;
}

function parseArgs<T>(schema: z.ZodType<T>, args: unknown[], what: string): T {
  const parsed = schema.safeParse(args);
  if (!parsed.success)
    throw new RelataError('BAD_USER_INPUT', `${what}: ${parsed.error.issues[0]?.message ?? 'bad arguments'}`);
  return parsed.data;
}
