import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { User } from './user';
import { Workspace } from './workspace';

/** A single-use token sent by mail (password reset, invite); `usedAt` is set when it is redeemed. */
export const AuthToken = defineEntity({
  name: 'AuthToken',
  schema: 'relata',
  tableName: 'auth_tokens',
  indexes: [{ name: 'auth_tokens_email_idx', properties: ['email', 'kind'] }],
  properties: {
    id: p.uuid().primary(),
    kind: p.enum(['password_reset', 'invite', 'portal_invite'] as const).columnType('text'),
    tokenHash: p.text().unique().lazy(),
    email: p.text(),
    user: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    workspace: () => p.manyToOne(Workspace).nullable().deleteRule('cascade'),
    role: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export type AuthToken = InferEntity<typeof AuthToken>;
