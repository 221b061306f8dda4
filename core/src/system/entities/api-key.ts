import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** A workspace's API key; only the SHA-256 of the key is stored. */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  schema: 'relata',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.text(),
    role: p.text(),
    prefix: p.text(),
    keyHash: p.text().unique().lazy(),
    createdAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKey>;
