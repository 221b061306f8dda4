import { createWorkspace, installStandardObjects, type OutboundPolicy } from '@relata/core';
import {
  type CorsSettings,
  createApiKey,
  createUser,
  type DemoCounts,
  type HttpLimits,
  type RelataInstance,
  type ScheduleTiming,
  seedDemo,
  startRelata,
} from '@relata/runtime';
import { createSeededTestDatabase, createTestDatabase, type TestDatabase } from './test-database';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** A GraphQL answer plus its HTTP status. */
export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

export interface TestServerOptions {
  /** Slug of the workspace created for the tests. @default 'demo' */
  workspace?: string;
  /** Seeds the demo data model and data (slower: a few thousand rows). @default false */
  seedDemo?: boolean;
  /** How many demo rows (with `seedDemo`); e.g. 50k opportunities for list figures. @default the demo's */
  demoCounts?: DemoCounts;
  /** Give the workspace the standard activity objects (the demo seed always does). */
  activities?: boolean;
  /**
   * Rate and size limits. Unset ones are generous (suites sign in many times from one IP);
   * pass e.g. `DEFAULT_HTTP_LIMITS` to test the real ones.
   */
  limits?: Partial<HttpLimits>;
  /** SMTP server for password-reset and invite mails, e.g. `smtp://127.0.0.1:2525`. @default none */
  smtpUrl?: string;
  /** Express' `trust proxy` (clients' IPs from X-Forwarded-For). @default none */
  trustProxy?: number | string;
  /** Origins granted cross-origin access (RELATA_CORS_ORIGINS, RELATA_CORS_CREDENTIALS). @default none */
  cors?: CorsSettings;
  /** Runs a job-queue worker in the node (workflows, after-hooks). @default none */
  worker?: boolean;
  /** The worker's schedule clock and tick (a controlled clock for schedule tests). @default system clock, 5 s */
  schedules?: ScheduleTiming;
  /** Base delay of the worker's webhook delivery retries. @default 30 s */
  webhookRetryBaseMs?: number;
  /** Policy of the guarded client for workflow HTTP steps, e.g. a test's own loopback port. */
  outbound?: OutboundPolicy;
  /** RELATA_STATEMENT_TIMEOUT_MS of the server's pool. @default none */
  statementTimeoutMs?: number;
  /** Folder of the installable templates. @default the repository's examples/ */
  templatesDir?: string;
}

/** Limits high enough that no suite trips them by accident. */
const TEST_LIMITS: Partial<HttpLimits> = { authPerAccount: 10_000, authPerIp: 10_000, apiKeyPerMinute: 1_000_000 };

export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  database: TestDatabase;
  instance: RelataInstance;
  workspace: { id: string; slug: string };
  admin: { email: string; password: string };
  /** Session token of the admin (signed in through `POST /auth/sign-in`). */
  adminToken: string;
  /** An API key with role admin. */
  apiKey: string;
  /** POST to `/graphql`; `token` defaults to `adminToken`, `null` sends no Authorization header. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResult<T>>;
  /** POST to `/metadata`; same conventions as `gql`. */
  metadataGql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResult<T>>;
  /** POST /auth/sign-in; returns the response body and status. */
  signIn(
    email: string,
    password: string,
    workspace?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** POSTs one GraphQL operation to `url`. */
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
): Promise<GqlResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as Omit<GqlResult<T>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * A Relata server on a fresh test database (PGlite or PostgreSQL per RELATA_TEST_DB), on a free
 * port, with a workspace, an admin (session token) and an admin API key. Call `close()` in afterAll.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const slug = options.workspace ?? 'demo';
  const admin = { email: `admin@${slug}.test`, password: 'correct horse battery staple' };
  const seedWorkspace = async (db: TestDatabase['opened']['db']) => {
    const created = await createWorkspace(db, { slug, name: `Test ${slug}` });
    await createUser(db, { workspace: slug, email: admin.email, password: admin.password, role: 'admin' });
    if (options.seedDemo) await seedDemo(db, created.id, { counts: options.demoCounts });
    else if (options.activities) await installStandardObjects(db, created.id);
    return created;
  };
  // A workspace without the standard objects is made after the copy is opened: opening a database
  // upgrades every workspace it holds to the standard objects (upgradeWorkspaces).
  const bare = !options.seedDemo && !options.activities;
  const seedKey = JSON.stringify({ slug, seedDemo: options.seedDemo ?? false, demoCounts: options.demoCounts });
  const database = bare
    ? await createTestDatabase({ statementTimeoutMs: options.statementTimeoutMs })
    : await createSeededTestDatabase(seedKey, ({ db }) => seedWorkspace(db).then(() => undefined), {
        statementTimeoutMs: options.statementTimeoutMs,
      });
  const { db } = database.opened;
  const workspace = bare
    ? await seedWorkspace(db)
    : (await db.query<{ id: string }>('select id from relata.workspaces where slug = $1', [slug])).rows[0];
  if (!workspace) throw new Error(`the seeded test database has no workspace "${slug}"`);
  const instance = await startRelata({
    opened: database.opened,
    port: 0,
    limits: { ...TEST_LIMITS, ...options.limits },
    trustProxy: options.trustProxy,
    cors: options.cors,
    mail: options.smtpUrl ? { smtpUrl: options.smtpUrl, from: 'Relata tests <relata@tests.local>' } : undefined,
    worker: options.worker
      ? { concurrency: 4, schedules: options.schedules, webhookRetryBaseMs: options.webhookRetryBaseMs }
      : null,
    outbound: options.outbound,
    templatesDir: options.templatesDir,
  });
  const { key: apiKey } = await createApiKey(db, { workspace: slug, role: 'admin', name: 'tests' });

  const signIn = async (email: string, password: string, ws = slug) => {
    const response = await fetch(`${instance.url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, workspace: ws }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const signedIn = await signIn(admin.email, admin.password);
  if (typeof signedIn.body.token !== 'string')
    throw new Error(`test admin sign-in failed: ${JSON.stringify(signedIn)}`);
  const adminToken = signedIn.body.token;

  return {
    url: instance.url,
    database,
    instance,
    workspace: { id: workspace.id, slug },
    admin,
    adminToken,
    apiKey,
    gql: (query, variables, token) =>
      postGraphQL(`${instance.url}/graphql`, query, variables, token === undefined ? adminToken : token),
    metadataGql: (query, variables, token) =>
      postGraphQL(`${instance.url}/metadata`, query, variables, token === undefined ? adminToken : token),
    signIn,
    async close() {
      await instance.close();
      await database.drop();
    },
  };
}
