import type { MetadataChange, MetadataService, RoleChange, RoleService } from '@relata/core';
import type { WorkspaceManager } from './workspace-manager';

type Change = MetadataChange | RoleChange;

/** Wraps one service method so this node reloads the workspace once its change is committed. */
function refreshing(workspaces: WorkspaceManager) {
  return <A extends unknown[], C extends Change>(method: (workspaceId: string, ...args: A) => Promise<C>) =>
    async (workspaceId: string, ...args: A): Promise<C> => {
      const change = await method(workspaceId, ...args);
      // The change is committed; a failing rebuild shows on the next request, not as a failed change.
      if (change.applied) await workspaces.refresh(workspaceId).catch((error: unknown) => console.error(error));
      return change;
    };
}

/**
 * Wraps the metadata service so that, once a change is applied, this node reloads the
 * workspace before answering: the very next request already sees the new schema (waiting for
 * our own NOTIFY would leave a window in which the old schema still answers).
 */
export function withWorkspaceRefresh(service: MetadataService, workspaces: WorkspaceManager): MetadataService {
  const refreshed = refreshing(workspaces);
  return {
    createObject: refreshed(service.createObject),
    updateObject: refreshed(service.updateObject),
    deleteObject: refreshed(service.deleteObject),
    createField: refreshed(service.createField),
    updateField: refreshed(service.updateField),
    deleteField: refreshed(service.deleteField),
    applyBundle: refreshed(service.applyBundle),
  };
}

/** The same for roles and grants: a withdrawn right is refused on this node's very next request. */
export function withRoleRefresh(service: RoleService, workspaces: WorkspaceManager): RoleService {
  const refreshed = refreshing(workspaces);
  return {
    listRoles: service.listRoles,
    createRole: refreshed(service.createRole),
    updateRole: refreshed(service.updateRole),
    deleteRole: refreshed(service.deleteRole),
    setObjectPermission: refreshed(service.setObjectPermission),
    setFieldPermission: refreshed(service.setFieldPermission),
  };
}
