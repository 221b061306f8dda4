import { z } from 'zod';
import type { Database, SqlExecutor } from '../../db';
import { ErrorCode, forbidden, isRelataError, notFound, RelataError } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import { type OutboundPolicy, outboundFetch } from '../../outbound';
import { systemEntity } from '../../system';
import { sha256 } from '../package';
import { type HostCalls, type PluginCode, pluginFailed, type SandboxLimits, type SandboxPool } from '../sandbox';
import type { InstalledPlugin, InstalledPlugins } from './installed-plugins';
import { createPluginCallLog, type PluginCallLog } from './plugin-call-log';
import { pluginPermissions } from './plugin-grants';
import { type PluginQuotaLimits, PluginQuotas, type PluginQuotaUsage } from './plugin-quotas';
import { callRecords, hiddenObjectRefusal, isRecordsOp, type PluginDataAccess } from './plugin-records';
import { postgresQuotaStore } from './quota-store';

export interface PluginRunnerOptions {
  db: Database;
  pool: SandboxPool;
  /** The enabled installations, cached per metadata version. */
  installations: InstalledPlugins;
  limits?: Partial<SandboxLimits>;
  /** Loopback ports `ctx.http.fetch` may reach: tests' local servers only; production leaves it empty. */
  allowLoopbackPorts?: readonly number[];
  /** Resolves host names for `ctx.http.fetch` (tests point a manifest's host at a local fake). @default DNS */
  resolve?: OutboundPolicy['resolve'];
  /** Serves `ctx.records`; without it the calls answer FORBIDDEN `not-available`. */
  data?: PluginDataAccess;
  /** Per-workspace call and CPU quotas, shared by the nodes on `db`. @default DEFAULT_PLUGIN_QUOTAS */
  quotas?: PluginQuotaLimits;
  /** Where calls are logged. @default a call log on `db` */
  callLog?: PluginCallLog;
}

export interface PluginCallOptions {
  /**
   * What the host refuses in the call's output (a before-hook writing a field it was not
   * granted): a message makes the call fail as PLUGIN_FAILED `bad-output` and logs it as refused
   * (`permission`). A throw fails the call with that error, logged as failed.
   */
  check?(output: unknown): string | undefined;
  /**
   * The transaction the call is made in (a before-hook's write): a quota claim the call needs
   * runs on its connection rather than taking another from the pool, which a write holding one
   * and waiting for a second could exhaust. The claim's row lock is then held until the write
   * ends (claims are a few a minute per node), and a write rolled back takes its claim with it.
   */
  tx?: SqlExecutor;
}

/** Runs entries of installed plugins and logs every call. */
export interface PluginRunner {
  /**
   * Calls `entry` (`actions.score`, `hooks.contact.beforeUpdate`...) of a plugin enabled in
   * `snapshot`'s workspace with `input`; resolves to its JSON output.
   * A call refused before it runs (unknown or disabled installation, over a quota, no sandbox) is
   * logged as `refused`. The log is written behind the call (`flushCalls` waits for it).
   * @throws PLUGIN_FAILED with the reason; NOT_FOUND for an unknown installation; FORBIDDEN when
   * the plugin is disabled; LIMIT_EXCEEDED over a quota
   */
  call(
    snapshot: WorkspaceSnapshot,
    installationId: string,
    entry: string,
    input: unknown,
    options?: PluginCallOptions,
  ): Promise<unknown>;
  /** The workspace's quotas and their use across the nodes. */
  quota(workspaceId: string): Promise<PluginQuotaUsage>;
  /** Resolves once every call made so far is in the call log. */
  flushCalls(): Promise<void>;
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

export function createPluginRunner(options: PluginRunnerOptions): PluginRunner {
  const { db, pool, installations } = options;
  const quotas = new PluginQuotas(postgresQuotaStore(db), options.quotas);
  const callLog = options.callLog ?? createPluginCallLog(db);
  /** Verified bundles by installation and hash: a changed row is read and checked again. */
  const verified = new Map<string, Promise<PluginCode>>();

  async function find(snapshot: WorkspaceSnapshot, installationId: string, entry: string): Promise<InstalledPlugin> {
    const plugin = (await installations.enabled(snapshot)).find((it) => it.id === installationId);
    if (plugin) return plugin;
    // Only a refused call reads the row: to say why, and to log the refusal on it.
    const em = await db.entities();
    const row = await em.findOne(systemEntity.PluginInstallation, {
      id: installationId,
      workspace: snapshot.workspaceId,
    });
    const refusal = row
      ? forbidden(`The plugin ${row.name} is disabled.`, { plugin: row.name, reason: 'disabled' })
      : notFound(`There is no installed plugin ${installationId}.`, { reason: 'unknown-installation' });
    const logged = { id: row?.id ?? null, workspaceId: snapshot.workspaceId, version: row?.version ?? null };
    await logCall(logged, entry, new Date(), {
      durationMs: 0,
      cpuMs: 0,
      logs: [],
      error: refusal,
      refused: true,
    });
    throw refusal;
  }

  function codeOf(plugin: InstalledPlugin): Promise<PluginCode> {
    const cacheKey = `${plugin.id}#${plugin.bundleSha256}`;
    let code = verified.get(cacheKey);
    if (!code) {
      code = readCode(plugin);
      verified.set(cacheKey, code);
      code.catch(() => verified.delete(cacheKey));
    }
    return code;
  }

  async function readCode(plugin: InstalledPlugin): Promise<PluginCode> {
    const em = await db.entities();
    const row = await em.findOne(
      systemEntity.PluginInstallation,
      { id: plugin.id },
      { fields: ['bundle', 'bundleSha256'] },
    );
    if (!row || sha256(row.bundle) !== plugin.bundleSha256) {
      throw pluginFailed(
        plugin.name,
        'load',
        'load',
        'the stored bundle does not match its hash; reinstall the plugin',
      );
    }
    // Keyed by installation: a plugin's isolate (and whatever its globals keep) serves one workspace only.
    return { key: `${plugin.id}@${plugin.version}#${plugin.bundleSha256}`, name: plugin.name, source: row.bundle };
  }

  /** The call's `ctx`; a refused `ctx` call (FORBIDDEN) is noted in the call's log even if the plugin catches it. */
  function hostCalls(
    plugin: InstalledPlugin,
    snapshot: WorkspaceSnapshot,
    logs: Array<{ level: string; message: string }>,
    refusals: RelataError[],
  ): HostCalls {
    const answer = grantedCalls(plugin, logs);
    return async (op, args) => {
      try {
        return await answer(op, args);
      } catch (error) {
        let refusal = isRelataError(error) && error.code === ErrorCode.FORBIDDEN ? error : undefined;
        if (isRelataError(error) && error.code === ErrorCode.NOT_FOUND) {
          refusal = hiddenObjectRefusal(op, args, snapshot, pluginPermissions(plugin.name, plugin.grants, snapshot));
        }
        if (refusal) {
          refusals.push(refusal);
          if (logs.length < MAX_LOG_LINES) logs.push({ level: 'warn', message: `refused ${op}: ${refusal.message}` });
        }
        throw error;
      }
    };
  }

  function grantedCalls(plugin: InstalledPlugin, logs: Array<{ level: string; message: string }>): HostCalls {
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
          resolve: options.resolve,
          maxBodyBytes: MAX_FETCH_BODY_BYTES,
        });
        return {
          status: response.status,
          headers: response.headers,
          body: response.body.toString('utf8'),
          url: response.url,
        };
      }
      if (isRecordsOp(op) && options.data) {
        return callRecords(options.data, db, recordsActor(plugin), op, args, parseArgs);
      }
      throw forbidden(`${op} is not available to plugins in this version of the host.`, { reason: 'not-available' });
    };
  }

  function recordsActor(plugin: InstalledPlugin) {
    // The role name carries the grants' hash: the schema cache keys by role and metadata version,
    // and an approval that changes the grants does not bump the version.
    const role = `plugin:${plugin.id}:${sha256(JSON.stringify(plugin.grants))}`;
    return {
      installationId: plugin.id,
      workspaceId: plugin.workspaceId,
      permissions: (snapshot: WorkspaceSnapshot) => ({
        ...pluginPermissions(plugin.name, plugin.grants, snapshot),
        role,
      }),
    };
  }

  function logCall(plugin: LoggedPlugin, entry: string, started: Date, outcome: CallOutcome): Promise<void> {
    return callLog.record({
      workspaceId: plugin.workspaceId,
      installationId: plugin.id,
      version: plugin.version,
      entry,
      startedAt: started,
      durationMs: outcome.durationMs,
      cpuMs: outcome.cpuMs,
      outcome: outcome.refused ? 'refused' : outcome.error ? 'failed' : 'ok',
      reason: outcome.error ? String(outcome.error.details.reason ?? outcome.error.code) : null,
      error: outcome.error ? outcome.error.message.slice(0, 2000) : null,
      logs: outcome.logs,
    });
  }

  return {
    quota: (workspaceId) => quotas.usage(workspaceId),
    flushCalls: () => callLog.flush(),
    async call(snapshot, installationId, entry, input, callOptions = {}) {
      const plugin = await find(snapshot, installationId, entry);
      const logs: Array<{ level: string; message: string }> = [];
      const started = new Date();
      const startedAt = performance.now();
      const refusals: RelataError[] = [];
      let spent: Pick<CallOutcome, 'durationMs' | 'cpuMs' | 'logs'> = { durationMs: 0, cpuMs: 0, logs };
      let refused: string | undefined;
      try {
        await quotas.admit(plugin.workspaceId, callOptions.tx);
        const result = await pool.call({
          plugin: await codeOf(plugin),
          entry,
          input,
          settings: plugin.settings,
          limits: options.limits,
          host: hostCalls(plugin, snapshot, logs, refusals),
        });
        quotas.charge(plugin.workspaceId, result.cpuMs);
        spent = { durationMs: result.durationMs, cpuMs: result.cpuMs, logs };
        refused = callOptions.check?.(result.output);
        if (refused === undefined) {
          await logCall(plugin, entry, started, spent);
          return result.output;
        }
      } catch (error) {
        const failure = isRelataError(error) ? error : pluginFailed(plugin.name, entry, 'crashed', String(error));
        const durationMs = performance.now() - startedAt;
        await logCall(plugin, entry, started, { durationMs, cpuMs: 0, logs, ...refusalOf(failure, refusals) });
        throw failure;
      }
      // The host refused the output: logged as refused, failed as the plugin's bad output.
      const refusal = forbidden(refused, { plugin: plugin.name, reason: 'permission' });
      await logCall(plugin, entry, started, { ...spent, error: refusal, refused: true });
      throw pluginFailed(plugin.name, entry, 'bad-output', refused);
    },
  };
}

/** A plugin as the call log names it (a disabled one is not among the enabled installations; an unknown one is null). */
interface LoggedPlugin {
  id: string | null;
  workspaceId: string;
  version: string | null;
}

/**
 * How a failed call is logged: `refused` when the host said no before the plugin's code ran
 * (quota, no sandbox) or the call failed after the host refused one of its `ctx` calls
 * (`permission`: the plugin asked for what it was not granted); otherwise `failed`.
 */
function refusalOf(failure: RelataError, refusals: RelataError[]): Pick<CallOutcome, 'error' | 'refused'> {
  if (failure.code === ErrorCode.LIMIT_EXCEEDED) return { error: failure, refused: true };
  if (failure.code === ErrorCode.PLUGIN_FAILED && failure.details.reason === 'unavailable') {
    return { error: withReason(failure, 'sandbox-unavailable'), refused: true };
  }
  const [refusal] = refusals;
  if (refusal) {
    return {
      error: withReason(new RelataError(refusal.code, refusal.message, refusal.details), 'permission'),
      refused: true,
    };
  }
  return { error: failure };
}

const withReason = (error: RelataError, reason: string) =>
  new RelataError(error.code, error.message, { ...error.details, reason });

interface CallOutcome {
  durationMs: number;
  cpuMs: number;
  logs: Array<{ level: string; message: string }>;
  error?: RelataError;
  /** The host refused the call (logged as `refused` rather than `failed`). */
  refused?: boolean;
}

function parseArgs<T>(schema: z.ZodType<T>, args: unknown, what: string): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new RelataError('BAD_USER_INPUT', `${what}: ${issue?.message ?? 'bad arguments'}`, {
    field: `args.${issue?.path.join('.') ?? ''}`,
  });
}
