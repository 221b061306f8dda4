import type { EventBus, MetadataService, PermissionCache, RecordWriter, SchemaCache } from '@relata/core';
import type { Authenticator } from '../auth';
import type { PgDatabase } from '../db';
import type { WorkspaceManager } from '../workspaces';

/** Everything the HTTP layer needs, built once per process by `startRelata`. */
export interface RuntimeServices {
  db: PgDatabase;
  events: EventBus;
  records: RecordWriter;
  /** Refreshes the workspace state after each applied change (see `withWorkspaceRefresh`). */
  metadata: MetadataService;
  workspaces: WorkspaceManager;
  /** Data schemas by (workspace, metadata version, role). */
  schemas: SchemaCache;
  /** Compiled role rights by (workspace, metadata version, role). */
  permissions: PermissionCache;
  auth: Authenticator;
  /** Hides GraphiQL. */
  production: boolean;
  /** Folder of the built studio; a small placeholder page is served when it does not exist. */
  studioDir: string;
}
