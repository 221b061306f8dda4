import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/**
 * How a workspace's inbound email finds its contacts: the object and its email field (ids; null
 * until an admin sets them) and what an unknown sender gets (`CREATE_CONTACT` or `KEEP_UNLINKED`).
 */
export const InboundEmailSettings = defineEntity({
  name: 'InboundEmailSettings',
  schema: 'relata',
  tableName: 'inbound_email_settings',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().deleteRule('cascade'),
    contactObjectId: p.uuid().nullable(),
    emailFieldId: p.uuid().nullable(),
    unknownSender: p.text().default('KEEP_UNLINKED'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type InboundEmailSettings = InferEntity<typeof InboundEmailSettings>;

/**
 * A signature the inbound-email webhook accepted, kept for the signature window: the same
 * signature again is a replay (one `insert ... on conflict do nothing` is the check).
 */
export const InboundEmailSignature = defineEntity({
  name: 'InboundEmailSignature',
  schema: 'relata',
  tableName: 'inbound_email_signatures',
  indexes: [{ properties: ['seenAt'], name: 'inbound_email_signatures_seen_at' }],
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().deleteRule('cascade'),
    signature: p.text().primary(),
    seenAt: p.datetime().defaultRaw('now()'),
  },
});
export type InboundEmailSignature = InferEntity<typeof InboundEmailSignature>;
