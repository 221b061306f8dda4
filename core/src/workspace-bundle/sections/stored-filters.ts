import type { BundleRefs, DocumentSite } from './bundle-refs';
import { jsonToIds, jsonToKeys } from './id-tokens';
import { ownersFromEmails, ownersToEmails } from './step-users';

/**
 * A filter stored with fields by id (a segment's, a dashboard widget's, a webhook subscription's,
 * a workflow trigger's condition) as a file writes it: fields as `{object.field}` keys and owner
 * literals (`ownerId`) as the members' emails, so the file applies in any environment where the
 * same people are members. Every stored filter kind goes through this pair.
 * @throws BAD_USER_INPUT naming `site` and the path under `at` when an owner is no member
 */
export function filterToFile(filter: unknown, refs: BundleRefs, site: DocumentSite, at: string): unknown {
  return jsonToKeys(ownersToEmails(filter, refs, site, at), refs);
}

/**
 * A filter from a file as stored: keys back to field ids, owner emails to the members' user ids.
 * @throws BAD_USER_INPUT naming `site` and the path under `at` (an unknown field, or no member with the email)
 */
export function filterFromFile(filter: unknown, refs: BundleRefs, site: DocumentSite, at: string): unknown {
  return jsonToIds(ownersFromEmails(filter, refs, site, at), refs, site, at);
}
