import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_PLUGIN_TARBALL_BYTES, DEFAULT_RUN_RETENTION_DAYS } from '@relata/core';
import { z } from 'zod';

/** The repository's examples/ folder, seen from this file (runtime/src/config): the templates shipped with Relata. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url));

/** Runtime settings, read once from the environment. */
export interface RelataConfig {
  port: number;
  host: string;
  /** `postgres://...`, or null for the embedded PostgreSQL server. */
  databaseUrl: string | null;
  /** The embedded server's data folder; also where the generated secret is kept. */
  dataDir: string;
  /** Set explicitly by RELATA_SECRET; null means "generate and keep one in the data folder". */
  secret: string | null;
  /** `production` hides GraphiQL and stack traces. */
  production: boolean;
  limits: HttpLimits;
  /** `smtp://user:pass@host:port` (or `smtps://`) for password-reset and invite mails; null: mails are not sent. */
  smtpUrl: string | null;
  /** Sender of the mails. */
  mailFrom: string;
  /** Public base URL used in links sent by mail. */
  publicUrl: string | null;
  /**
   * Express' `trust proxy` (hop count, or comma-separated addresses/subnets such as `loopback`):
   * behind a reverse proxy, the client IP that rate limits count is read from X-Forwarded-For.
   * Null: the socket address.
   */
  trustProxy: number | string | null;
  /** Days a soft-deleted record stays in the recycle bin (restorable) before the purge job destroys it. */
  recycleBinDays: number;
  /** Days a finished workflow run and its step log are kept before the hourly prune removes them. */
  runRetentionDays: number;
  cors: CorsSettings;
  /** Longest a statement may run on the application's connections; 0: no limit. */
  statementTimeoutMs: number;
  /** The job-queue worker `relata start` runs beside the server. */
  worker: WorkerSettings;
  /** The folder of installable templates (RELATA_TEMPLATES_DIR; default: the repository's examples/). */
  templatesDir: string;
}

/** How a node works the job queue. */
export interface WorkerSettings {
  /** False (RELATA_WORKER=off): this node only enqueues; separate `relata worker` processes run the jobs. */
  enabled: boolean;
  /** Jobs one node runs at once. */
  concurrency: number;
}

/** Jobs a worker runs at once unless RELATA_WORKER_CONCURRENCY says otherwise. */
export const DEFAULT_WORKER_CONCURRENCY = 10;

/**
 * Which other origins (scheme, host and port: a web app served elsewhere) may call the API from a
 * browser. None by default: only the studio, served by this server, talks to it from a browser.
 */
export interface CorsSettings {
  /** Exact origins such as `https://app.example.com`; never a pattern, never reflected. */
  origins: string[];
  /**
   * Whether those origins may send the session cookie (`Access-Control-Allow-Credentials`). Off by
   * default: they sign in and send a bearer token. Cookie requests still need the CSRF header.
   */
  credentials: boolean;
}

export const NO_CORS: CorsSettings = { origins: [], credentials: false };

/**
 * Abuse limits of the HTTP layer. Counters live in the memory of each node (a sliding window per
 * IP and per account on /auth, a token bucket per API key on the GraphQL endpoints), so with N
 * nodes behind a load balancer the effective limit is at most N times the setting.
 */
export interface HttpLimits {
  /** Attempts per account (email or user) on the /auth endpoints in `authWindowMs`. */
  authPerAccount: number;
  /** Attempts per client IP on the /auth endpoints in `authWindowMs`. */
  authPerIp: number;
  authWindowMs: number;
  /** Sustained requests per minute per API key (also the burst size). */
  apiKeyPerMinute: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /**
   * Requests of one client (session, API key, portal user) that run at once; more wait their
   * turn. Below the pool size (10), so no single client can hold every database connection.
   */
  concurrentPerClient: number;
  /** Largest answer of /graphql (its data serialised); a larger one is LIMIT_EXCEEDED. */
  maxResponseBytes: number;
  /** Calls per minute one client address may make to one inbound workflow webhook (429 past it). */
  webhookPerMinute: number;
  /** Largest plugin tarball `POST /metadata/plugin-uploads` and `relata plugin install` take (RELATA_MAX_PLUGIN_TARBALL_BYTES). */
  maxPluginTarballBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  authPerAccount: 10,
  authPerIp: 30,
  authWindowMs: 5 * 60_000,
  apiKeyPerMinute: 1200,
  maxBodyBytes: 2 * 1024 * 1024,
  concurrentPerClient: 4,
  maxResponseBytes: 16 * 1024 * 1024,
  webhookPerMinute: 600,
  maxPluginTarballBytes: DEFAULT_MAX_PLUGIN_TARBALL_BYTES,
};

/**
 * How long one statement may run unless RELATA_STATEMENT_TIMEOUT_MS says otherwise: well above
 * any page or aggregate of an indexed table, and short enough that a scan meant to hold the
 * pool lets go. Imports and system migrations run without it.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

/** Days a soft-deleted record stays restorable unless RELATA_RECYCLE_BIN_DAYS says otherwise. */
export const DEFAULT_RECYCLE_BIN_DAYS = 30;

const port = z
  .string()
  .trim()
  .regex(/^\d+$/, 'PORT must be a whole number.')
  .transform(Number)
  .pipe(z.number().max(65535, 'PORT must be between 0 and 65535.'));

const positiveInt = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^[1-9]\d*$/, `${name} must be a whole number above 0.`)
    .transform(Number)
    .optional();

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null));

/** One exact origin, written as browsers send it in `Origin` (no path, no trailing slash, default port left out). */
const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      // WHATWG URLs accept `*` in a host name; here it would read as a pattern, which we never match.
      return /^https?:$/.test(url.protocol) && url.origin === value && !value.includes('*');
    } catch {
      return false;
    }
  }, 'write exact origins such as https://app.example.com (scheme, host and port; no path, no trailing slash, no *).');

const corsOrigins = optionalText.transform((value, ctx) => {
  const listed = (value ?? '').split(',').filter((entry) => entry.trim() !== '');
  const origins: string[] = [];
  for (const entry of listed) {
    const parsed = origin.safeParse(entry);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `"${entry.trim()}": ${parsed.error.issues[0]!.message}` });
      return z.NEVER;
    }
    origins.push(parsed.data);
  }
  return origins;
});

const envSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().trim().min(1, 'HOST must not be empty.').default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || /^postgres(ql)?:\/\//.test(value), {
      message: 'DATABASE_URL must start with postgres:// or postgresql://, or be unset for the embedded database.',
    }),
  RELATA_DATA_DIR: z.string().trim().min(1, 'RELATA_DATA_DIR must not be empty.').default('./.relata/data'),
  RELATA_SECRET: z
    .string()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || value.length >= 32, {
      message: 'RELATA_SECRET must hold at least 32 characters (or be unset to generate one).',
    }),
  NODE_ENV: z.string().optional(),
  RELATA_AUTH_LIMIT_PER_ACCOUNT: positiveInt('RELATA_AUTH_LIMIT_PER_ACCOUNT'),
  RELATA_AUTH_LIMIT_PER_IP: positiveInt('RELATA_AUTH_LIMIT_PER_IP'),
  RELATA_API_KEY_RATE_PER_MINUTE: positiveInt('RELATA_API_KEY_RATE_PER_MINUTE'),
  RELATA_WEBHOOK_RATE_PER_MINUTE: positiveInt('RELATA_WEBHOOK_RATE_PER_MINUTE'),
  RELATA_MAX_BODY_BYTES: positiveInt('RELATA_MAX_BODY_BYTES'),
  RELATA_MAX_RESPONSE_BYTES: positiveInt('RELATA_MAX_RESPONSE_BYTES'),
  RELATA_MAX_PLUGIN_TARBALL_BYTES: positiveInt('RELATA_MAX_PLUGIN_TARBALL_BYTES'),
  RELATA_SMTP_URL: optionalText.refine((value) => value === null || /^smtps?:\/\//.test(value), {
    message: 'RELATA_SMTP_URL must start with smtp:// or smtps://.',
  }),
  RELATA_MAIL_FROM: z.string().trim().min(3).default('Relata <no-reply@localhost>'),
  RELATA_TRUST_PROXY: optionalText.transform((value) =>
    value !== null && /^\d+$/.test(value) ? Number(value) : value,
  ),
  RELATA_RECYCLE_BIN_DAYS: positiveInt('RELATA_RECYCLE_BIN_DAYS').pipe(
    z.number().max(36_500, 'RELATA_RECYCLE_BIN_DAYS must be at most 36500 (100 years).').optional(),
  ),
  RELATA_WORKFLOW_RUN_DAYS: positiveInt('RELATA_WORKFLOW_RUN_DAYS').pipe(
    z.number().max(36_500, 'RELATA_WORKFLOW_RUN_DAYS must be at most 36500 (100 years).').optional(),
  ),
  RELATA_STATEMENT_TIMEOUT_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'RELATA_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0: no limit).')
    .transform(Number)
    .optional(),
  RELATA_WORKER: z
    .enum(['on', 'off'], { error: 'RELATA_WORKER must be on or off.' })
    .optional()
    .transform((value) => value !== 'off'),
  RELATA_WORKER_CONCURRENCY: positiveInt('RELATA_WORKER_CONCURRENCY').pipe(
    z.number().max(100, 'RELATA_WORKER_CONCURRENCY must be at most 100.').optional(),
  ),
  RELATA_CORS_ORIGINS: corsOrigins,
  RELATA_CORS_CREDENTIALS: z
    .enum(['true', 'false'], { error: 'RELATA_CORS_CREDENTIALS must be true or false.' })
    .optional()
    .transform((value) => value === 'true'),
  RELATA_PUBLIC_URL: optionalText.refine((value) => value === null || /^https?:\/\//.test(value), {
    message: 'RELATA_PUBLIC_URL must start with http:// or https://.',
  }),
  RELATA_TEMPLATES_DIR: optionalText,
});

/** A configuration problem the user has to fix; the CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration.
 * @param env the environment to read @default process.env
 * @throws ConfigError naming the variable that is wrong
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelataConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const value = parsed.data;
  if (value.RELATA_CORS_CREDENTIALS && value.RELATA_CORS_ORIGINS.length === 0) {
    throw new ConfigError(
      'Invalid RELATA_CORS_CREDENTIALS: it lets the origins in RELATA_CORS_ORIGINS send cookies; list them there.',
    );
  }
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    dataDir: value.RELATA_DATA_DIR,
    secret: value.RELATA_SECRET,
    production: value.NODE_ENV === 'production',
    limits: {
      ...DEFAULT_HTTP_LIMITS,
      authPerAccount: value.RELATA_AUTH_LIMIT_PER_ACCOUNT ?? DEFAULT_HTTP_LIMITS.authPerAccount,
      authPerIp: value.RELATA_AUTH_LIMIT_PER_IP ?? DEFAULT_HTTP_LIMITS.authPerIp,
      apiKeyPerMinute: value.RELATA_API_KEY_RATE_PER_MINUTE ?? DEFAULT_HTTP_LIMITS.apiKeyPerMinute,
      maxBodyBytes: value.RELATA_MAX_BODY_BYTES ?? DEFAULT_HTTP_LIMITS.maxBodyBytes,
      maxResponseBytes: value.RELATA_MAX_RESPONSE_BYTES ?? DEFAULT_HTTP_LIMITS.maxResponseBytes,
      webhookPerMinute: value.RELATA_WEBHOOK_RATE_PER_MINUTE ?? DEFAULT_HTTP_LIMITS.webhookPerMinute,
      maxPluginTarballBytes: value.RELATA_MAX_PLUGIN_TARBALL_BYTES ?? DEFAULT_HTTP_LIMITS.maxPluginTarballBytes,
    },
    smtpUrl: value.RELATA_SMTP_URL,
    mailFrom: value.RELATA_MAIL_FROM,
    publicUrl: value.RELATA_PUBLIC_URL,
    trustProxy: value.RELATA_TRUST_PROXY,
    recycleBinDays: value.RELATA_RECYCLE_BIN_DAYS ?? DEFAULT_RECYCLE_BIN_DAYS,
    runRetentionDays: value.RELATA_WORKFLOW_RUN_DAYS ?? DEFAULT_RUN_RETENTION_DAYS,
    cors: { origins: value.RELATA_CORS_ORIGINS, credentials: value.RELATA_CORS_CREDENTIALS },
    statementTimeoutMs: value.RELATA_STATEMENT_TIMEOUT_MS ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    worker: {
      enabled: value.RELATA_WORKER,
      concurrency: value.RELATA_WORKER_CONCURRENCY ?? DEFAULT_WORKER_CONCURRENCY,
    },
    templatesDir: value.RELATA_TEMPLATES_DIR ?? DEFAULT_TEMPLATES_DIR,
  };
}
