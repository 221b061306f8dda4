import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/**
 * An outbound webhook: record events of one object, filtered, sent to a URL with what the
 * subscription's role may read, signed with a secret kept in the secret store.
 */
export const WebhookSubscription = defineEntity({
  name: 'WebhookSubscription',
  schema: 'relata',
  tableName: 'webhook_subscriptions',
  uniques: [
    { properties: ['workspace', 'name'] },
    { name: 'webhook_subscriptions_workspace_key_key', properties: ['workspace', 'key'] },
  ],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.text(),
    /** Stable per workspace, never changed by a rename: its bundle file and references use it. */
    key: p.text(),
    objectId: p.uuid(),
    /** CREATED, UPDATED and/or DELETED. */
    events: p.json<string[]>(),
    /** Updates count only when one of these fields (by id) changed; null: any change. */
    fields: p.json<string[]>().nullable(),
    /** A condition in the API's filter language, fields by id; null: every record. */
    filter: p.json<Record<string, unknown>>().nullable(),
    /** The payload holds only what this role may read, of records it may read. */
    role: p.text(),
    url: p.text(),
    active: p.boolean().default(true),
    /** Deliveries failed in a row (every attempt); reset by a delivered one. */
    failedDeliveries: p.integer().default(0),
    /** Why the server switched it off (repeated failures); null while it was not. */
    disabledReason: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.uuid().nullable(),
  },
});
export type WebhookSubscription = InferEntity<typeof WebhookSubscription>;

/** One event sent (or being sent) to a subscription: its payload and each attempt's outcome. */
export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  schema: 'relata',
  tableName: 'webhook_deliveries',
  uniques: [{ properties: ['subscription', 'eventKey'] }],
  indexes: [{ properties: ['subscription', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    subscription: () => p.manyToOne(WebhookSubscription).deleteRule('cascade'),
    /** The change it reports, unique per subscription: a change job delivered twice sends once. */
    eventKey: p.text(),
    event: p.text(),
    recordId: p.uuid(),
    payload: p.json<Record<string, unknown>>(),
    /** PENDING, SUCCEEDED, FAILED or SKIPPED (the subscription was switched off meanwhile). */
    status: p.text(),
    attempts: p.integer().default(0),
    /** The last attempt's HTTP status; null when no answer came. */
    responseStatus: p.integer().nullable(),
    error: p.text().nullable(),
    /** Every attempt: `{ at, status, error, durationMs }`. */
    attemptLog: p.json<unknown[]>(),
    createdAt: p.datetime().defaultRaw('now()'),
    finishedAt: p.datetime().nullable(),
  },
});
export type WebhookDelivery = InferEntity<typeof WebhookDelivery>;
