import type { Database } from '../db';
import type { MetadataService } from '../metadata';
import type { RoleService } from '../permissions';
import type { Actor } from '../records';

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
}
