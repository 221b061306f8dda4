import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** One object the portal shows, by ids (see core/src/portal/portal-settings.ts). */
export interface StoredPortalObject {
  objectId: string;
  /** The object's many-to-one relation to the contact object: whose case it is. */
  contactFieldId: string;
  statusFieldId: string | null;
  allowCreate: boolean;
  createFieldIds: string[];
}

/** The customer portal's configuration of one workspace. */
export const PortalSetting = defineEntity({
  name: 'PortalSetting',
  schema: 'relata',
  tableName: 'portal_settings',
  properties: {
    workspace: () => p.oneToOne(Workspace).primary().owner().deleteRule('cascade'),
    enabled: p.boolean().default(false),
    contactObjectId: p.uuid().nullable(),
    objects: p.json<StoredPortalObject[]>().default('[]'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type PortalSetting = InferEntity<typeof PortalSetting>;
