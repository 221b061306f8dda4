import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/**
 * How a workspace's inbound SMS find their contacts: the object and its phone field (ids; null
 * until an admin sets them) and what an unknown number gets (`CREATE_CONTACT` or `KEEP_UNLINKED`).
 */
export const InboundSmsSettings = defineEntity({
  name: 'InboundSmsSettings',
  schema: 'relata',
  tableName: 'inbound_sms_settings',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().deleteRule('cascade'),
    contactObjectId: p.uuid().nullable(),
    phoneFieldId: p.uuid().nullable(),
    unknownSender: p.text().default('KEEP_UNLINKED'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type InboundSmsSettings = InferEntity<typeof InboundSmsSettings>;

/** A signature the inbound-SMS webhook accepted, kept for the signature window (see InboundEmailSignature). */
export const InboundSmsSignature = defineEntity({
  name: 'InboundSmsSignature',
  schema: 'relata',
  tableName: 'inbound_sms_signatures',
  indexes: [{ properties: ['seenAt'], name: 'inbound_sms_signatures_seen_at' }],
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().deleteRule('cascade'),
    signature: p.text().primary(),
    seenAt: p.datetime().defaultRaw('now()'),
  },
});
export type InboundSmsSignature = InferEntity<typeof InboundSmsSignature>;
