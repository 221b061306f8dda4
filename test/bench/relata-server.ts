import { buildDataSchema, DEFAULT_PLUGIN_QUOTAS, type SchemaCache, type WorkspaceSnapshot } from '@relata/core';
import { createApiKey, type StatementCounter, startRelata } from '@relata/runtime';
import { type GraphQLSchema, validateSchema } from 'graphql';
import type { BenchDatabase } from './bench-database';

/** The Relata runtime as the bench drives it: the only file that knows how the server starts. */
export interface RelataServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the built studio is served at `/`). */
  url: string;
  /** URL of `/graphql`. */
  graphqlUrl: string;
  /** URL of `/metadata`. */
  metadataUrl: string;
  /** Headers authenticating as `role` (default admin) in workspace `slug`: an API key, created once and cached. */
  headers(slug: string, role?: 'admin' | 'member'): Promise<Record<string, string>>;
  /** Counts every statement the server runs on its database. */
  counter: StatementCounter;
  /** Data schemas built so far, when the runtime's schema cache exposes it. */
  schemaBuilds?: () => number;
  /** Process ids of the server's plugin sandbox children. */
  sandboxPids: () => number[];
  close(): Promise<void>;
}

/**
 * `pnpm bench` sets NODE_ENV=production, as a deployment does: graphql-js then skips its
 * development-only checks (read when it is first imported, hence the env and not code).
 */
export const PRODUCTION = process.env.NODE_ENV === 'production';

/** Starts the real Relata server (H4's `startRelata`) on the bench database, loopback, free port. */
export async function startRelataServer(bench: BenchDatabase): Promise<RelataServer> {
  const { db } = bench.opened;
  // A load test is what the per-key rate limit and the plugins' call quota exist to stop; raise
  // them (the limiter and the quota still run, so their cost is measured), as an operator would
  // with RELATA_API_KEY_RATE_PER_MINUTE. At the default quota (1,200 calls a minute) the hooked
  // updates of 11d failed as LIMIT_EXCEEDED after the first seconds.
  const instance = await startRelata({
    opened: bench.opened,
    port: 0,
    production: PRODUCTION,
    limits: { apiKeyPerMinute: 100_000_000 },
    pluginQuotas: { ...DEFAULT_PLUGIN_QUOTAS, callsPerMinute: 100_000_000 },
  });
  const keys = new Map<string, Promise<string>>();
  const keyOf = (slug: string, role: 'admin' | 'member') => {
    let key = keys.get(`${role}@${slug}`);
    if (!key) {
      key = createApiKey(db, { workspace: slug, role, name: `bench ${role}` }).then((created) => created.key);
      keys.set(`${role}@${slug}`, key);
    }
    return key;
  };
  const schemaBuilds = countSchemaBuilds(instance.services.schemas);
  return {
    url: instance.url,
    graphqlUrl: `${instance.url}/graphql`,
    metadataUrl: `${instance.url}/metadata`,
    headers: async (slug, role = 'admin') => ({ authorization: `Bearer ${await keyOf(slug, role)}` }),
    counter: db.counter,
    schemaBuilds,
    sandboxPids: () => instance.services.plugins.sandboxPids(),
    close: () => instance.close(),
  };
}

/**
 * The schema cache hands out one promise per built (workspace, version, role); a promise never
 * seen before means a build. Wrapping `get` observes that without touching the runtime.
 */
function countSchemaBuilds(cache: SchemaCache): () => number {
  const seen = new WeakSet<object>();
  let builds = 0;
  const get = cache.get.bind(cache);
  cache.get = (...args: Parameters<SchemaCache['get']>) => {
    const schema = get(...args);
    if (!seen.has(schema)) {
      seen.add(schema);
      builds++;
    }
    return schema;
  };
  return () => builds;
}

/**
 * Builds the data schema of a snapshot ready to serve: built and validated (graphql-js validates
 * lazily on the first request; that cost belongs to the build).
 */
export function buildWorkspaceSchema(snapshot: WorkspaceSnapshot): GraphQLSchema {
  const schema = buildDataSchema(snapshot);
  const errors = validateSchema(schema);
  if (errors.length > 0) throw new Error(`invalid data schema: ${errors[0]!.message}`);
  return schema;
}
