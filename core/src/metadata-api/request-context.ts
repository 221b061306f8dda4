import type { Database } from '../db';
import type { MetadataService } from '../metadata';
import type { PortalUserAdmin } from '../portal';
import type { Actor } from '../records';
import type { RoleService } from '../roles';
import type { SecretStore } from '../secrets';

/**
 * GraphQL context of the `/metadata` endpoint. The runtime authenticates the request and
 * admits admins only before it builds this context.
 */
export interface MetadataRequestContext {
  db: Database;
  workspaceId: string;
  actor: Actor;
  metadata: MetadataService;
  /** Roles and grants. @default `createRoleService({ db })` */
  roles?: RoleService;
  /** Portal accounts; the runtime provides them (it owns password hashing and revocation). */
  portalUsers?: PortalUserAdmin;
  /** Workspace secrets; the runtime provides them (it holds the encryption key). */
  secrets?: SecretStore;
}
