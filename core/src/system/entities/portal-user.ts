import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** An external contact who signs in to the portal and sees only what its record opens to it. */
export const PortalUser = defineEntity({
  name: 'PortalUser',
  schema: 'relata',
  tableName: 'portal_users',
  uniques: [{ properties: ['workspace', 'email'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    email: p.text(),
    passwordHash: p.text().lazy(),
    // The object's metadata row and the record of that object the portal user is linked to.
    objectId: p.uuid(),
    recordId: p.uuid(),
    isActive: p.boolean().default(true),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type PortalUser = InferEntity<typeof PortalUser>;
