import { fileError } from '../bundle-yaml';
import type { BundleRefs, DocumentSite } from './bundle-refs';
import { knownKey } from './bundle-refs';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY = '[a-z][a-zA-Z0-9_]*';

/**
 * Field ids inside stored text (expressions `record.#<id>`, condition keys `#<id>:id`, segment
 * keys `f:<id>`, whole values) are written in files as `{<object key>.<field key>}`. A token is
 * read back only where the export writes one: at the start of the text, after `#` or after `:`;
 * so a template's `{{record.name}}` is never taken for one.
 */
const FIELD_ID = new RegExp(UUID, 'g');
const FIELD_TOKEN = new RegExp(`(^|[#:])\\{(${KEY})\\.(${KEY})\\}`, 'g');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `text` with each known field id written as its keys; other uuids (user ids...) are kept. */
export function fieldIdsToTokens(text: string, refs: BundleRefs): string {
  return text.replace(FIELD_ID, (id) => {
    const keys = refs.fieldKey(id);
    return keys ? `{${keys.objectKey}.${keys.fieldKey}}` : id;
  });
}

/** `text` with each field token written as the field's id. @throws BAD_USER_INPUT naming `site` and `path` */
export function tokensToFieldIds(text: string, refs: BundleRefs, site: DocumentSite, path: string): string {
  return text.replace(FIELD_TOKEN, (_match, before: string, object: string, field: string) => {
    const id = refs.fieldId(object, field);
    if (id === undefined) {
      const what = refs.objectId(object) === undefined ? `object "${object}"` : `field "${field}" of ${object}`;
      throw fileError(site.file, path, `there is no ${what} in the workspace or the bundle.`);
    }
    return `${before}${id}`;
  });
}

/**
 * A stored JSON value (a definition, a condition) with field ids written as keys in every
 * string and every property name. Property order is kept; maps are built prototype-free.
 */
export function jsonToKeys(value: unknown, refs: BundleRefs): unknown {
  if (typeof value === 'string') return fieldIdsToTokens(value, refs);
  if (Array.isArray(value)) return value.map((item) => jsonToKeys(item, refs));
  if (!isRecord(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) out[fieldIdsToTokens(key, refs)] = jsonToKeys(item, refs);
  return { ...out };
}

/** The reverse of `jsonToKeys`: tokens back to field ids; `path` names where a bad one sits. */
export function jsonToIds(value: unknown, refs: BundleRefs, site: DocumentSite, path: string): unknown {
  if (typeof value === 'string') return tokensToFieldIds(value, refs, site, path);
  if (Array.isArray(value)) return value.map((item, i) => jsonToIds(item, refs, site, `${path}[${i}]`));
  if (!isRecord(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    out[tokensToFieldIds(key, refs, site, at)] = jsonToIds(item, refs, site, at);
  }
  return { ...out };
}

/** An object id as its key (for a position that holds an object). */
export function objectToKey(id: string, refs: BundleRefs, site: DocumentSite, path: string): string {
  return knownKey(site, path, refs.objectKey(id), 'object');
}
