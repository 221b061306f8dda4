import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, installStandardObjects } from '@relata/core';
import { createApiKey, openDatabase, type RelataInstance, startRelata } from '@relata/runtime';
import pg from 'pg';
import { packPlugin } from '../cli';

export interface PluginTestOptions {
  /**
   * A PostgreSQL server's `postgres` database URL: the harness creates a fresh database there and
   * drops it in `close()`. @default RELATA_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres
   */
  serverUrl?: string;
  /**
   * Host names of the manifest's `permissions.http` served by local fakes: `{ 'sms.example.com': port }`
   * makes `ctx.http.fetch('http://sms.example.com:<port>/...')` reach 127.0.0.1:<port>. Every other
   * host stays as guarded as in production.
   */
  fakeHosts?: Record<string, number>;
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A real Relata (server, job-queue worker, sandbox pool) with one workspace, for a plugin's tests. */
export interface PluginTestRelata {
  url: string;
  workspaceId: string;
  /** POST /graphql as the workspace admin; throws on GraphQL errors. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** POST /metadata as the workspace admin; throws on GraphQL errors. */
  metadata<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The same, answering errors instead of throwing (to test refusals). */
  request<T = Record<string, unknown>>(
    endpoint: 'graphql' | 'metadata',
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLAnswer<T>>;
  /**
   * Builds and packs the plugin in `folder` as `relata-plugin pack` does, installs the tarball
   * (permissions approved) and applies `settings` (secret ones to the secret store).
   */
  install(folder: string, settings?: Record<string, unknown>): Promise<void>;
  /** Runs an action of the installed plugin, as a workflow step would. */
  runAction(plugin: string, action: string, input: Record<string, unknown>): Promise<unknown>;
  /** Runs a schedule of the installed plugin now, as the job queue would at `dueAt`. */
  runSchedule(plugin: string, schedule: string, dueAt?: Date): Promise<void>;
  /** The plugin's call log, newest first. */
  calls(plugin: string): Promise<Array<{ entry: string; outcome: string; error: string | null; logs: unknown }>>;
  /** Polls `probe` (after-hooks and schedules run on the job queue) until it answers truthy. */
  until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T>;
  close(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts a Relata for a plugin's tests on a fresh database. Call `close()` in `afterAll`. */
export async function startPluginTestRelata(options: PluginTestOptions = {}): Promise<PluginTestRelata> {
  const serverUrl =
    options.serverUrl ?? process.env.RELATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `relata_plugin_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database "${name}"`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: databaseUrl.toString(), dataDir: '' });
  const fakes = new Map(Object.entries(options.fakeHosts ?? {}));
  let instance: RelataInstance | null = null;
  const packs = await mkdtemp(join(tmpdir(), 'relata-plugin-packs-'));
  try {
    const workspace = await createWorkspace(opened.db, { slug: 'plugintest', name: 'Plugin test' });
    await installStandardObjects(opened.db, workspace.id);
    instance = await startRelata({
      opened,
      port: 0,
      worker: { concurrency: 4 },
      outbound: {
        allowLoopbackPorts: [...fakes.values()],
        resolve: async (host) =>
          fakes.has(host)
            ? ['127.0.0.1']
            : (await import('node:dns/promises'))
                .lookup(host, { all: true })
                .then((all) => all.map((it) => it.address)),
      },
    });
    const { key } = await createApiKey(opened.db, { workspace: 'plugintest', role: 'admin', name: 'plugin tests' });
    const running = instance;
    const request = async <T>(endpoint: 'graphql' | 'metadata', query: string, variables = {}) => {
      const response = await fetch(`${running.url}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLAnswer<T>;
    };
    const ok = async <T>(endpoint: 'graphql' | 'metadata', query: string, variables = {}) => {
      const answer = await request<T>(endpoint, query, variables);
      if (answer.errors?.length) throw new Error(`${endpoint}: ${JSON.stringify(answer.errors)}`);
      return answer.data as T;
    };
    const installationId = async (plugin: string) => {
      const { plugins } = await ok<{ plugins: Array<{ id: string; name: string }> }>(
        'metadata',
        '{ plugins { id name } }',
      );
      const found = plugins.find((it) => it.name === plugin);
      if (!found) throw new Error(`the plugin ${plugin} is not installed`);
      return found.id;
    };
    const snapshot = () => running.services.workspaces.snapshotOf(workspace.id);
    return {
      url: running.url,
      workspaceId: workspace.id,
      gql: (query, variables) => ok('graphql', query, variables),
      metadata: (query, variables) => ok('metadata', query, variables),
      request,
      async install(folder, settings) {
        const { file } = await packPlugin(folder, packs);
        const tarball = (await readFile(file)).toString('base64');
        const { installPlugin } = await ok<{ installPlugin: { name: string } }>(
          'metadata',
          'mutation($t: String!) { installPlugin(tarball: $t, approve: true) { name } }',
          { t: tarball },
        );
        if (settings) {
          await ok(
            'metadata',
            'mutation($n: String!, $s: JSON!) { configurePlugin(name: $n, settings: $s) { name } }',
            {
              n: installPlugin.name,
              s: settings,
            },
          );
        }
      },
      runAction: async (plugin, action, input) =>
        running.services.plugins.actions.run(workspace.id, `${plugin}.${action}`, input, new AbortController().signal),
      async runSchedule(plugin, schedule, dueAt = new Date()) {
        await running.services.plugins.runner.call(
          await snapshot(),
          await installationId(plugin),
          `schedules.${schedule}`,
          {
            schedule,
            dueAt: dueAt.toISOString(),
          },
        );
      },
      async calls(plugin) {
        const { plugins } = await ok<{
          plugins: Array<{
            name: string;
            calls: Array<{ entry: string; outcome: string; error: string | null; logs: unknown }>;
          }>;
        }>('metadata', '{ plugins { name calls { entry outcome error logs } } }');
        return plugins.find((it) => it.name === plugin)?.calls ?? [];
      },
      async until(what, probe) {
        for (let tries = 0; tries < 600; tries++) {
          const value = await probe();
          if (value) return value;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`never saw ${what}`);
      },
      async close() {
        await running.close();
        await opened.close();
        await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
        await rm(packs, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await instance?.close();
    await opened.close();
    await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
    await rm(packs, { recursive: true, force: true });
    throw error;
  }
}
