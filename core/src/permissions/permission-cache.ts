import type { SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import { loadRolePermissions } from './load-permissions';
import type { RolePermissions } from './types';

export interface PermissionCache {
  /**
   * Rights of `role` at `snapshot`'s (workspace, version). Role changes bump the metadata
   * version, so a newer snapshot never sees stale rights.
   */
  get(snapshot: WorkspaceSnapshot, role: string): Promise<RolePermissions>;
  /** Drops a workspace (e.g. on a metadata NOTIFY). */
  invalidate(workspaceId: string): void;
}

/** A cache of compiled role rights keyed by (workspace, metadata version, role). */
export function createPermissionCache({ db }: { db: SqlExecutor }): PermissionCache {
  const entries = new Map<string, { version: number; roles: Map<string, Promise<RolePermissions>> }>();
  return {
    get(snapshot, role) {
      let entry = entries.get(snapshot.workspaceId);
      if (!entry || entry.version < snapshot.version) {
        entry = { version: snapshot.version, roles: new Map() };
        entries.set(snapshot.workspaceId, entry);
      }
      // An older snapshot arriving late is answered without replacing the newer entry.
      if (entry.version > snapshot.version) return loadRolePermissions(db, snapshot, role);
      let loaded = entry.roles.get(role);
      if (!loaded) {
        const roles = entry.roles;
        loaded = loadRolePermissions(db, snapshot, role);
        roles.set(role, loaded);
        loaded.catch(() => roles.delete(role));
      }
      return loaded;
    },
    invalidate(workspaceId) {
      entries.delete(workspaceId);
    },
  };
}
