import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workflow } from './workflow';

/**
 * A signature an inbound workflow webhook accepted, kept for the signature window: the same
 * signature again is a replay. The receiver inserts and prunes these rows with SQL (one
 * `insert ... on conflict do nothing` is the replay check).
 */
export const WebhookSignature = defineEntity({
  name: 'WebhookSignature',
  schema: 'relata',
  tableName: 'webhook_signatures',
  indexes: [{ properties: ['seenAt'], name: 'webhook_signatures_seen_at' }],
  properties: {
    workflow: () => p.manyToOne(Workflow).primary().deleteRule('cascade'),
    signature: p.text().primary(),
    seenAt: p.datetime().defaultRaw('now()'),
  },
});
export type WebhookSignature = InferEntity<typeof WebhookSignature>;
