import type { GraphQLSchema } from 'graphql';
import type { WorkspaceSnapshot } from '../metadata';
import { buildDataSchema, type DataSchemaOptions } from './build-data-schema';

export interface SchemaCache {
  /**
   * The data schema of `snapshot`'s (workspace, version). A version is built once: concurrent
   * callers share one in-flight build; older versions of the workspace are dropped.
   */
  get(snapshot: WorkspaceSnapshot): Promise<GraphQLSchema>;
  /** Drops a workspace's schema (e.g. on a metadata NOTIFY); the next request rebuilds. */
  invalidate(workspaceId: string): void;
}

interface Entry {
  version: number;
  schema: Promise<GraphQLSchema>;
}

/**
 * A per-workspace schema cache keyed by (workspaceId, metadata version). The build is
 * synchronous CPU work; it runs in a macrotask of its own so requests of other workspaces
 * already queued are not held behind it.
 */
export function createSchemaCache(options: DataSchemaOptions & { build?: typeof buildDataSchema } = {}): SchemaCache {
  const build = options.build ?? buildDataSchema;
  const entries = new Map<string, Entry>();
  return {
    get(snapshot) {
      const current = entries.get(snapshot.workspaceId);
      if (current && current.version === snapshot.version) return current.schema;
      // An older snapshot arriving late must not replace a newer schema.
      if (current && current.version > snapshot.version) {
        return new Promise((resolve) => setImmediate(() => resolve(build(snapshot, options))));
      }
      const schema = new Promise<GraphQLSchema>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(build(snapshot, options));
          } catch (error) {
            reject(error);
          }
        }),
      );
      const entry: Entry = { version: snapshot.version, schema };
      entries.set(snapshot.workspaceId, entry);
      // A failed build is not cached: the next request tries again.
      schema.catch(() => {
        if (entries.get(snapshot.workspaceId) === entry) entries.delete(snapshot.workspaceId);
      });
      return schema;
    },
    invalidate(workspaceId) {
      entries.delete(workspaceId);
    },
  };
}
