import type {
  EventBus,
  MetadataService,
  NotificationSignals,
  PermissionCache,
  RecordHooks,
  RecordWriter,
  RoleService,
  SchemaCache,
  SecretStore,
} from '@relata/core';
import type { Authenticator, LinkBase } from '../auth';
import type { CorsSettings, HttpLimits } from '../config';
import type { PgDatabase } from '../db';
import type { Mailer } from '../mail';
import type { PluginHost } from '../plugins';
import type { WorkspaceManager } from '../workspaces';

/** Everything the HTTP layer needs, built once per process by `startRelata`. */
export interface RuntimeServices {
  db: PgDatabase;
  events: EventBus;
  /** Members' notification changes, relayed from NOTIFY: wakes their bells' subscriptions. */
  notifications: NotificationSignals;
  records: RecordWriter;
  /** The record hooks `records` runs (workflows, webhooks, plugins), for writes made in other transactions. */
  hooks: RecordHooks;
  /** Refreshes the workspace state after each applied change (see `withWorkspaceRefresh`). */
  metadata: MetadataService;
  /** Roles and grants; refreshes the workspace state after each applied change (see `withRoleRefresh`). */
  roles: RoleService;
  workspaces: WorkspaceManager;
  /** Data schemas by (workspace, metadata version, role). */
  schemas: SchemaCache;
  /** Compiled role rights by (workspace, metadata version, role). */
  permissions: PermissionCache;
  auth: Authenticator;
  limits: HttpLimits;
  /** Other origins a browser may call the API from (none by default). */
  cors: CorsSettings;
  /** Sends password-reset and invite mails. */
  mailer: Mailer;
  /** Right-hand side of the Message-IDs of messages agents send (the mail sender's domain). */
  messageDomain?: string;
  /** Base of the links in mails: configured, never taken from a request's Host header. */
  links: LinkBase;
  /** Workspace secrets, encrypted with a key derived from RELATA_SECRET; read by name, never returned. */
  secrets: SecretStore;
  /** Installed plugins: the sandbox pool, the runner and their record hooks. */
  plugins: PluginHost;
  /** Hides GraphiQL. */
  production: boolean;
  /** Folder of the built studio; a small placeholder page is served when it does not exist. */
  studioDir: string;
  /** Folder of the installable templates (RELATA_TEMPLATES_DIR). */
  templatesDir: string;
}
