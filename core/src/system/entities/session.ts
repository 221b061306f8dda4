import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { PortalUser } from './portal-user';
import { User } from './user';
import { Workspace } from './workspace';

/** A member's sign-in in one workspace; only the token's hash is stored. */
export const Session = defineEntity({
  name: 'Session',
  schema: 'relata',
  tableName: 'sessions',
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.text().unique().lazy(),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    createdAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type Session = InferEntity<typeof Session>;

/** A portal user's sign-in, kept apart so that no member check can ever accept one. */
export const PortalSession = defineEntity({
  name: 'PortalSession',
  schema: 'relata',
  tableName: 'portal_sessions',
  indexes: [{ name: 'portal_sessions_user_idx', properties: ['portalUser'] }],
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.text().unique().lazy(),
    portalUser: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    createdAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type PortalSession = InferEntity<typeof PortalSession>;
