import { badInput, isRelataError } from '../../errors';

/** The manifest key of a contributed object (by its name, never by array position). */
export const contributedObjectKey = (object: string) => `relata.contributes.objects.${object}`;
/** The manifest key of a field of a contributed object. */
export const ownFieldKey = (object: string, field: string) => `${contributedObjectKey(object)}.fields.${field}`;
/** The manifest key of an object the plugin requires. */
export const requiredObjectKey = (object: string) => `relata.requires.objects.${object}`;
/** The manifest key of a field of an object the plugin requires. */
export const requiredFieldKey = (object: string, field: string) => `${requiredObjectKey(object)}.fields.${field}`;
/** The manifest key of a field the plugin adds to an object it does not bring. */
export const contributedFieldKey = (object: string, field: string) => `relata.contributes.fields.${object}.${field}`;

const POSITION = /^relata\.(contributes\.objects|contributes\.fields|requires\.objects)\[(\d+)\](?:\.fields\[(\d+)\])?/;

const nameAt = (list: unknown, index: string | undefined, key: string): string | undefined => {
  if (!Array.isArray(list) || index === undefined) return undefined;
  const value = (list[Number(index)] as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(value) ? value : undefined;
};

/**
 * Renames an error about `relata.contributes.objects[2].fields[3].type` to the keys the author
 * wrote (`relata.contributes.objects.ticket.fields.priority.type`), reading the names from the
 * raw manifest; a position whose name is itself missing or invalid stays a position.
 */
export function keyedContributionError(error: unknown, relata: unknown): unknown {
  const field = isRelataError(error) ? error.details.field : undefined;
  const match = typeof field === 'string' ? POSITION.exec(field) : null;
  if (!isRelataError(error) || !match || typeof field !== 'string') return error;
  const raw = relata as { contributes?: Record<string, unknown>; requires?: Record<string, unknown> } | null;
  const contributes = raw?.contributes;
  const [, list, index, fieldIndex] = match;
  let key: string | undefined;
  if (list !== 'contributes.fields') {
    const required = list === 'requires.objects';
    const objects = required ? raw?.requires?.objects : contributes?.objects;
    const object = nameAt(objects, index, 'nameSingular');
    const objectFields = (objects as Array<{ fields?: unknown }> | undefined)?.[Number(index)]?.fields;
    const name = nameAt(objectFields, fieldIndex, 'name');
    const [objectKey, fieldKey] = required
      ? [requiredObjectKey, requiredFieldKey]
      : [contributedObjectKey, ownFieldKey];
    key = object && (fieldIndex === undefined ? objectKey(object) : name && fieldKey(object, name));
  } else {
    const object = nameAt(contributes?.fields, index, 'object');
    const name = nameAt(contributes?.fields, index, 'name');
    key = object && name ? contributedFieldKey(object, name) : undefined;
  }
  if (!key) return error;
  const path = key + field.slice(match[0].length);
  const { field: _field, ...details } = error.details;
  return badInput(path, error.message.replaceAll(field, path), details);
}
