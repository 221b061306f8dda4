import { z } from 'zod';
import type { systemEntity } from '../../system';
import { WEBHOOK_EVENTS } from '../../webhooks';
import { type BundleRefs, type DocumentSite, knownId, knownKey } from './bundle-refs';
import { documentKey, jsonObject } from './document-schema';
import { objectToKey } from './id-tokens';
import { filterFromFile, filterToFile } from './stored-filters';

/**
 * `webhooks/<key>.yaml`: an outbound subscription, object, fields and role by key. Its signing
 * secret is never in a file: applying creates a new subscription with a freshly generated
 * secret (rotate it to read it) and keeps the secret of one that exists.
 */
export const webhookDocument = z.strictObject({
  key: documentKey,
  name: z.string().min(1),
  object: documentKey,
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  fields: z.array(documentKey).nullable(),
  filter: jsonObject.nullable(),
  role: documentKey,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  active: z.boolean(),
});
export type WebhookDocument = z.infer<typeof webhookDocument>;

export type WebhookValues = Pick<
  systemEntity.WebhookSubscription,
  'key' | 'name' | 'objectId' | 'events' | 'fields' | 'filter' | 'role' | 'url' | 'active'
>;

export function webhookToDocument(row: WebhookValues, refs: BundleRefs, site: DocumentSite): WebhookDocument {
  return {
    key: row.key,
    name: row.name,
    object: objectToKey(row.objectId, refs, site, 'object'),
    events: row.events as WebhookDocument['events'],
    fields: row.fields?.map((id, i) => knownKey(site, `fields[${i}]`, refs.fieldKey(id)?.fieldKey, 'field')) ?? null,
    filter: row.filter ? (filterToFile(row.filter, refs, site, 'filter') as Record<string, unknown>) : null,
    role: knownKey(site, 'role', refs.roleKey(row.role), 'role'),
    url: row.url,
    active: row.active,
  };
}

export function webhookFromDocument(doc: WebhookDocument, refs: BundleRefs, site: DocumentSite): WebhookValues {
  return {
    key: doc.key,
    name: doc.name,
    objectId: knownId(site, 'object', refs.objectId(doc.object), `object "${doc.object}"`),
    events: doc.events,
    fields:
      doc.fields?.map((key, i) =>
        knownId(site, `fields[${i}]`, refs.fieldId(doc.object, key), `field "${key}" of ${doc.object}`),
      ) ?? null,
    filter: doc.filter ? (filterFromFile(doc.filter, refs, site, 'filter') as Record<string, unknown>) : null,
    role: knownId(site, 'role', refs.roleName(doc.role), `role "${doc.role}"`),
    url: doc.url,
    active: doc.active,
  };
}
