import type { GraphQLSchema } from 'graphql';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { buildDataSchema, type DataSchemaOptions } from './build-data-schema';

export interface SchemaCache {
  /**
   * The data schema of `snapshot`'s (workspace, version) for the role of `permissions`
   * (default: the admin's full schema). A (version, role) is built once: concurrent callers
   * share one in-flight build; older versions of the workspace are dropped.
   */
  get(snapshot: WorkspaceSnapshot, permissions?: RolePermissions): Promise<GraphQLSchema>;
  /** Drops a workspace's schemas (e.g. on a metadata NOTIFY); the next request rebuilds. */
  invalidate(workspaceId: string): void;
}

interface Entry {
  version: number;
  /** By role name. */
  schemas: Map<string, Promise<GraphQLSchema>>;
}

const FULL = '\u0000full';

/**
 * A per-workspace schema cache keyed by (workspaceId, metadata version, role). Role edits bump
 * the metadata version, so one version's schemas never go stale. The build is synchronous CPU
 * work; it runs in a macrotask of its own so requests of other workspaces are not held behind it.
 */
export function createSchemaCache(options: DataSchemaOptions & { build?: typeof buildDataSchema } = {}): SchemaCache {
  const build = options.build ?? buildDataSchema;
  const entries = new Map<string, Entry>();
  const later = (snapshot: WorkspaceSnapshot, permissions: RolePermissions | undefined) =>
    new Promise<GraphQLSchema>((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(build(snapshot, permissions ? { ...options, permissions } : options));
        } catch (error) {
          reject(error);
        }
      }),
    );
  return {
    get(snapshot, permissions) {
      const key = permissions?.role ?? FULL;
      let entry = entries.get(snapshot.workspaceId);
      // An older snapshot arriving late must not replace a newer schema.
      if (entry && entry.version > snapshot.version) return later(snapshot, permissions);
      if (!entry || entry.version < snapshot.version) {
        entry = { version: snapshot.version, schemas: new Map() };
        entries.set(snapshot.workspaceId, entry);
      }
      const cached = entry.schemas.get(key);
      if (cached) return cached;
      const schema = later(snapshot, permissions);
      const schemas = entry.schemas;
      schemas.set(key, schema);
      // A failed build is not cached: the next request tries again.
      schema.catch(() => {
        if (schemas.get(key) === schema) schemas.delete(key);
      });
      return schema;
    },
    invalidate(workspaceId) {
      entries.delete(workspaceId);
    },
  };
}
