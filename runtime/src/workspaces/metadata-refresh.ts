import type { MetadataChange, MetadataService } from '@relata/core';
import type { WorkspaceManager } from './workspace-manager';

/**
 * Wraps the metadata service so that, once a change is applied, this node reloads the
 * workspace before answering: the very next request already sees the new schema.
 */
export function withWorkspaceRefresh(service: MetadataService, workspaces: WorkspaceManager): MetadataService {
  const refreshed =
    <A extends unknown[]>(method: (workspaceId: string, ...args: A) => Promise<MetadataChange>) =>
    async (workspaceId: string, ...args: A): Promise<MetadataChange> => {
      const change = await method(workspaceId, ...args);
      // The change is committed; a failing rebuild shows on the next request, not as a failed change.
      if (change.applied) await workspaces.refresh(workspaceId).catch((error: unknown) => console.error(error));
      return change;
    };
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
