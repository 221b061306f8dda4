import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  changeEventsOf,
  createMetadataService,
  createPermissionCache,
  createRecordService,
  createRoleService,
  createSchemaCache,
  createSecretCipher,
  createSecretStore,
  EventBus,
  METADATA_CHANNEL,
  NOTIFICATIONS_CHANNEL,
  type NotificationSignal,
  NotificationSignals,
  type OutboundPolicy,
  type PluginQuotaLimits,
  RECORD_EVENTS_CHANNEL,
  type RecordHooks,
} from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { AUTH_CHANNEL, Authenticator } from '../auth';
import { type CorsSettings, DEFAULT_HTTP_LIMITS, DEFAULT_TEMPLATES_DIR, type HttpLimits, NO_CORS } from '../config';
import type { OpenedDatabase } from '../db';
import { type JobWorker, startWorker } from '../jobs';
import { createMailer, type MailSettings, messageDomainOf } from '../mail';
import { combineHooks, createPluginHost } from '../plugins';
import { createHttpApp, type RuntimeServices } from '../server';
import { type ScheduleTiming, withWorkflowHooks } from '../workflows';
import { listenForNotifications, WorkspaceManager, withRoleRefresh, withWorkspaceRefresh } from '../workspaces';

export interface StartOptions {
  /** The database; the caller opened it and closes it after `close()`. */
  opened: OpenedDatabase;
  /** 0 picks a free port. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default false */
  production?: boolean;
  /** @default studio/dist of this repository */
  studioDir?: string;
  /** Rate and size limits; unset ones keep `DEFAULT_HTTP_LIMITS`. */
  limits?: Partial<HttpLimits>;
  /** SMTP transport for password-reset and invite mails. @default none: mails are dropped with a warning */
  mail?: MailSettings;
  /** Base URL of links in mails (behind a proxy: the public address). @default the URL this node listens on */
  publicUrl?: string | null;
  /** Express' `trust proxy`, so rate limits see the client's IP behind a reverse proxy. @default none */
  trustProxy?: number | string | null;
  /** Other origins browsers may call the API from (RELATA_CORS_ORIGINS). @default none */
  cors?: CorsSettings;
  /** Days soft-deleted records stay restorable; the worker's hourly purge destroys older ones. @default never */
  recycleBinDays?: number | null;
  /** Days finished workflow runs are kept (the worker's hourly prune). @default 30 */
  runRetentionDays?: number | null;
  /** Works the job queue beside the server with this many jobs at once. @default no worker (jobs wait for one) */
  worker?: { concurrency: number; schedules?: ScheduleTiming; webhookRetryBaseMs?: number } | null;
  /** Policy of the guarded client for workflow HTTP steps (tests allow their loopback port). @default deny private */
  outbound?: OutboundPolicy;
  /** Record hooks (after-hooks run from the job queue). @default none */
  hooks?: Partial<RecordHooks>;
  /**
   * RELATA_SECRET (resolved): the key material of encrypted secrets.
   * @default a random one per process: secrets stored then are unreadable after a restart (tests)
   */
  secret?: string;
  /** Folder of the installable templates. @default the repository's examples/ */
  templatesDir?: string;
  /** Per-workspace plugin quotas, shared by the nodes on the database. @default DEFAULT_PLUGIN_QUOTAS */
  pluginQuotas?: PluginQuotaLimits;
}

export interface RelataInstance {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  port: number;
  nodeId: string;
  services: RuntimeServices;
  /** Stops listening and serving; leaves the database open. */
  close(): Promise<void>;
}

const DEFAULT_STUDIO_DIR = fileURLToPath(new URL('../../../studio/dist', import.meta.url));

/** Wires the services of one runtime node on an open database and starts the HTTP server. */
export async function startRelata(options: StartOptions): Promise<RelataInstance> {
  const { opened } = options;
  const nodeId = uuidv7();
  const events = new EventBus(nodeId);
  const workspaces = new WorkspaceManager(opened.db);
  const auth = new Authenticator(opened.db);
  const secrets = createSecretStore({
    db: opened.db,
    cipher: createSecretCipher(options.secret ?? randomBytes(32).toString('base64url')),
  });
  const schemas = createSchemaCache();
  const metadata = withWorkspaceRefresh(createMetadataService({ db: opened.db }), workspaces);
  const plugins = createPluginHost({
    db: opened.db,
    secrets,
    workspaces,
    metadata,
    schemas,
    events,
    records: () => services.records,
    outbound: options.outbound,
    quotas: options.pluginQuotas,
  });
  const hooks: RecordHooks = withWorkflowHooks(opened.db, combineHooks(options.hooks ?? {}, plugins.hooks), () => ({
    events,
    mail: services.mailer,
    outbound: options.outbound,
    actions: plugins.actions,
  }));
  const notifications = new NotificationSignals();
  const services: RuntimeServices = {
    db: opened.db,
    events,
    notifications,
    records: createRecordService({ db: opened.db, events, hooks }),
    hooks,
    metadata,
    roles: withRoleRefresh(createRoleService({ db: opened.db }), workspaces),
    workspaces,
    schemas,
    permissions: createPermissionCache({ db: opened.db }),
    auth,
    limits: { ...DEFAULT_HTTP_LIMITS, ...options.limits },
    cors: options.cors ?? NO_CORS,
    mailer: createMailer(options.mail ?? { smtpUrl: null, from: '' }),
    links: { publicUrl: options.publicUrl ?? '' },
    messageDomain: messageDomainOf(options.mail?.from),
    secrets,
    plugins,
    production: options.production ?? false,
    studioDir: options.studioDir ?? DEFAULT_STUDIO_DIR,
    templatesDir: options.templatesDir ?? DEFAULT_TEMPLATES_DIR,
  };

  const listener = await listenForNotifications(
    opened,
    {
      [METADATA_CHANNEL]: (payload) => workspaces.noticed(payload),
      [RECORD_EVENTS_CHANNEL]: (payload) => {
        // One event, or an array of events and batches (a bulk import's).
        for (const event of changeEventsOf(payload)) if (event.nodeId !== nodeId) events.publish(event);
      },
      [NOTIFICATIONS_CHANNEL]: (payload) => notifications.publish(JSON.parse(payload) as NotificationSignal),
      [AUTH_CHANNEL]: () => auth.invalidate(),
    },
    () => {
      workspaces.clear();
      auth.invalidate();
    },
  );

  let ready = false;
  const { app, listener: handle } = createHttpApp(services, () => ready);
  if (options.trustProxy != null) app.set('trust proxy', options.trustProxy);
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  ready = true;
  let worker: JobWorker | null = null;
  if (options.worker) {
    try {
      worker = await startWorker({
        opened,
        db: opened.db,
        events,
        hooks,
        snapshotOf: (workspaceId) => workspaces.snapshotOf(workspaceId),
        recycleBinDays: options.recycleBinDays ?? null,
        runRetentionDays: options.runRetentionDays,
        outbound: options.outbound,
        mail: services.mailer,
        messageMail: services.mailer,
        concurrency: options.worker.concurrency,
        schedules: options.worker.schedules,
        secrets: services.secrets,
        webhookRetryBaseMs: options.worker.webhookRetryBaseMs,
        nodeId,
        plugins,
        templatesDir: services.templatesDir,
      });
    } catch (error) {
      await listener.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await plugins.close();
      throw error;
    }
  }
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${port}`;
  services.links.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  return {
    url,
    port,
    nodeId,
    services,
    async close() {
      ready = false;
      await worker?.stop();
      await listener.close();
      // Open SSE streams would keep `close` waiting forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      services.mailer.close();
      await plugins.close();
    },
  };
}
