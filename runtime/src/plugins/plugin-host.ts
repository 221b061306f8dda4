import { setTimeout as delay } from 'node:timers/promises';
import {
  createInstalledPlugins,
  createPluginActions,
  createPluginHooks,
  createPluginLifecycle,
  createPluginRunner,
  type Database,
  type EventBus,
  type ExternalActions,
  type InstalledPlugins,
  type MetadataService,
  type OutboundPolicy,
  type PluginLifecycle,
  type PluginQuotaLimits,
  type PluginRunner,
  type RecordHooks,
  type RecordWriter,
  SandboxPool,
  type SchemaCache,
  type SecretStore,
  type StepTypeRegistry,
  stepTypesOf,
} from '@relata/core';
import type { WorkspaceManager } from '../workspaces';

export interface PluginHostOptions {
  db: Database;
  secrets: SecretStore;
  workspaces: WorkspaceManager;
  /** The node's metadata service (contributed objects and fields go through it). */
  metadata: MetadataService;
  schemas: SchemaCache;
  events: EventBus;
  /**
   * The node's record service. A getter: the record service is built with the hooks this host
   * returns, and `ctx.records` writes through that same service (so plugins' writes run hooks too).
   */
  records: () => RecordWriter;
  /** Loopback ports and host names of tests' fake providers (the node's outbound policy). @default none */
  outbound?: OutboundPolicy;
  /** Sandbox child processes. @default 2 */
  sandboxes?: number;
  /** Per-workspace plugin quotas, shared by the nodes on the database. @default DEFAULT_PLUGIN_QUOTAS */
  quotas?: PluginQuotaLimits;
}

/** How long closing waits for the call log's queued rows. */
const CLOSE_FLUSH_MS = 5_000;

/** The plugin host of one runtime node (`relata start` or `relata worker`). */
export interface PluginHost {
  /** Enabled plugins' before- and after-hooks, to compose with the node's other hooks. */
  hooks: RecordHooks;
  runner: PluginRunner;
  installations: InstalledPlugins;
  /** Enabled plugins' actions as workflow steps. */
  actions: ExternalActions;
  /** A workspace's workflow step types: the built-ins and its enabled plugins' actions. */
  stepTypes(workspaceId: string): Promise<StepTypeRegistry>;
  /** Install, upgrade, enable, configure, uninstall; this node reloads the workspace after each. */
  lifecycle: PluginLifecycle;
  /** Process ids of the sandbox children running now (health, the bench's memory figures). */
  sandboxPids(): number[];
  /** Stops the sandbox child processes. */
  close(): Promise<void>;
}

/**
 * Creates the sandbox pool and the runner of a node. The children start on the first plugin
 * call, so a node whose workspaces install no plugin pays nothing for them.
 */
export function createPluginHost(options: PluginHostOptions): PluginHost {
  const pool = new SandboxPool(options.sandboxes);
  const installations = createInstalledPlugins({ db: options.db, secrets: options.secrets });
  const runner = createPluginRunner({
    db: options.db,
    pool,
    installations,
    allowLoopbackPorts: options.outbound?.allowLoopbackPorts ?? [],
    resolve: options.outbound?.resolve,
    quotas: options.quotas,
    data: {
      workspace: async (workspaceId) => {
        const state = await options.workspaces.get(workspaceId);
        return { slug: state.workspace.slug, snapshot: state.snapshot };
      },
      schemas: options.schemas,
      get records() {
        return options.records();
      },
      events: options.events,
    },
  });
  const actions = createPluginActions({
    installations,
    runner,
    snapshotOf: (workspaceId) => options.workspaces.snapshotOf(workspaceId),
  });
  return {
    hooks: createPluginHooks({ installations, runner }),
    actions,
    stepTypes: async (workspaceId) => stepTypesOf(await options.workspaces.snapshotOf(workspaceId), actions),
    runner,
    installations,
    lifecycle: createPluginLifecycle({
      db: options.db,
      metadata: options.metadata,
      secrets: options.secrets,
      onChanged: async (workspaceId) => {
        await options.workspaces.refresh(workspaceId);
      },
      quota: runner.quota,
      flushCalls: runner.flushCalls,
    }),
    sandboxPids: () => pool.processIds,
    async close() {
      // The queued call-log rows are written first, bounded: a stopping node does not hang on a lost database.
      const flushed = await Promise.race([
        runner.flushCalls().then(() => true),
        delay(CLOSE_FLUSH_MS, false, { ref: false }),
      ]);
      if (!flushed) console.error(`plugin call log: rows not written within ${CLOSE_FLUSH_MS} ms of closing`);
      await pool.close();
    },
  };
}
