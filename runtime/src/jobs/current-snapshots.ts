import { type Database, getWorkspace, loadSnapshot, type WorkspaceSnapshot } from '@relata/core';

/**
 * Each workspace's current metadata for jobs: one cheap version read per job, a full load only
 * when the version moved. Works the same in a `relata worker` process, which hears no NOTIFYs.
 */
export function currentSnapshots(db: Database): (workspaceId: string) => Promise<WorkspaceSnapshot> {
  const cached = new Map<string, WorkspaceSnapshot>();
  return async (workspaceId) => {
    const { metadataVersion } = await getWorkspace(db, { id: workspaceId });
    const known = cached.get(workspaceId);
    if (known && known.version === metadataVersion) return known;
    const snapshot = await loadSnapshot(db, workspaceId);
    cached.set(workspaceId, snapshot);
    return snapshot;
  };
}
