import type { Database } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import { systemEntity } from '../system';
import { DISABLED_PORTAL, type PortalSettings, readPortalSettings, storedPortalSettings } from './portal-settings';

/** Reads and writes the customer portal's settings of a workspace (one row, absent: disabled). */
export function createPortalSettingsStore(db: Database) {
  return {
    async get(snapshot: WorkspaceSnapshot): Promise<PortalSettings> {
      const em = await db.entities();
      const row = await em.findOne(systemEntity.PortalSetting, { workspace: snapshot.workspaceId });
      if (!row) return DISABLED_PORTAL;
      return readPortalSettings(snapshot, { ...row, contactObjectId: row.contactObjectId ?? null });
    },

    /**
     * Replaces the settings (checked against `snapshot`).
     * @throws BAD_USER_INPUT naming the offending `input.*` path
     */
    async set(snapshot: WorkspaceSnapshot, input: unknown): Promise<PortalSettings> {
      const stored = storedPortalSettings(snapshot, input);
      const em = await db.entities();
      await em.upsert(systemEntity.PortalSetting, {
        workspace: snapshot.workspaceId,
        ...stored,
        updatedAt: new Date(),
      });
      return readPortalSettings(snapshot, stored);
    },
  };
}

export type PortalSettingsStore = ReturnType<typeof createPortalSettingsStore>;
