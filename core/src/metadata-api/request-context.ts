import type { Database } from '../db';
import type { IndexService } from '../indexes';
import type { MetadataService } from '../metadata';
import type { PluginLifecycle } from '../plugins';
import type { PortalUserAdmin } from '../portal';
import type { Actor } from '../records';
import type { RoleService } from '../roles';
import type { SecretStore } from '../secrets';
import type { WorkflowMailPort, WorkflowService } from '../workflows';
import type { TemplateHost } from './template-fields';
import type { WorkspaceAdmin } from './workspace-admin-fields';

/**
 * GraphQL context of the `/metadata` endpoint. The runtime authenticates the request and
 * admits admins only before it builds this context.
 */
export interface MetadataRequestContext {
  db: Database;
  workspaceId: string;
  actor: Actor;
  metadata: MetadataService;
  /** Declared indexes. @default `createIndexService({ db })` */
  indexes?: IndexService;
  /** Roles and grants. @default `createRoleService({ db })` */
  roles?: RoleService;
  /** Portal accounts; the runtime provides them (it owns password hashing and revocation). */
  portalUsers?: PortalUserAdmin;
  /** Plugin install, upgrade, enable, configure, uninstall; the runtime provides it (it refreshes its nodes). */
  plugins?: PluginLifecycle;
  /** Workspace secrets; the runtime provides them (it holds the encryption key). */
  secrets?: SecretStore;
  /** Workflows. @default `createWorkflowService({ db })` (built-in step types only) */
  workflows?: WorkflowService;
  /** Members, invites and API keys; the runtime provides them (accounts, mail and key hashing are its). */
  workspaceAdmin?: WorkspaceAdmin;
  /** The mail transport, so a workflow dry run's email step fails exactly when a real run's would. */
  mail?: WorkflowMailPort;
  /** Templates: their folder, the runtime's install service, new workspaces; the runtime provides it. */
  templates?: TemplateHost;
}
