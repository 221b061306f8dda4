import { type FieldMeta, isComputed, type ObjectMeta } from '../api/metadata-types';
import { findObject, titleField } from '../metadata/metadata-store';

/** A record as the data API returns it: standard fields plus one key per selected field. */
export interface RecordData {
  id: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  [field: string]: unknown;
}

const COMPOSITE_PARTS: Partial<Record<FieldMeta['type'], string>> = {
  CURRENCY: 'amount currencyCode',
  ADDRESS: 'street1 street2 city state postcode country',
  FULL_NAME: 'firstName lastName',
};

/** Selection of a related record: its id and title field, enough for a link or a chip. */
export function titleSelection(object: ObjectMeta | undefined): string {
  if (!object) return 'id';
  const title = titleField(object);
  return title ? `id ${fieldSelection(title, false)}` : 'id';
}

/**
 * GraphQL selection of one field. Relations select the related record's title; to-many
 * relations only their first few records (`nested` false stops recursion inside them).
 */
export function fieldSelection(field: FieldMeta, nested = true): string {
  const parts = COMPOSITE_PARTS[field.type];
  if (parts) return `${field.name} { ${parts} }`;
  if (field.type !== 'RELATION') return field.name;
  const relation = field.settings.relation;
  if (!relation || !nested) return '';
  const target = findObject(relation.target);
  if (relation.kind === 'MANY_TO_ONE') return `${field.name}Id ${field.name} { ${titleSelection(target)} }`;
  return `${field.name}(first: 5) { totalCount nodes { ${titleSelection(target)} } }`;
}

/** Selection of a whole record of `object` (every field, or only `fields`). */
export function recordSelection(object: ObjectMeta, fields: FieldMeta[] = object.fields): string {
  const picked = fields.map((f) => fieldSelection(f)).filter(Boolean);
  return ['id version createdAt updatedAt', ...picked].join(' ');
}

/** Turns a display value into the API's input form for `field` (relations become `xId`/`xIds`). */
export function inputEntry(field: FieldMeta, value: unknown): [string, unknown] {
  if (field.type === 'RELATION') {
    const kind = field.settings.relation?.kind;
    if (kind === 'MANY_TO_MANY') {
      const ids = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : (v as RecordData).id)) : [];
      return [`${field.name}Ids`, ids];
    }
    const id = typeof value === 'string' ? value : ((value as RecordData | null)?.id ?? null);
    return [`${field.name}Id`, id];
  }
  if (field.type === 'CURRENCY' && value && typeof value === 'object') {
    const { amount, currencyCode } = value as { amount: number | null; currencyCode: string | null };
    return [field.name, amount === null || amount === undefined ? null : { amount, currencyCode }];
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && field.type !== 'JSON') {
    const { __typename: _ignored, ...rest } = value as Record<string, unknown>;
    return [field.name, rest];
  }
  return [field.name, value === '' ? null : value];
}

/** Builds the `data` input of a create or update from field values keyed by field name. */
export function toInput(object: ObjectMeta, values: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of object.fields) {
    if (!(field.name in values) || isComputed(field)) continue;
    const [key, value] = inputEntry(field, values[field.name]);
    data[key] = value;
  }
  // The owner is a standard field every object has, not one of its metadata fields (a task's assignee).
  if ('ownerId' in values) data.ownerId = values.ownerId;
  return data;
}

/** Field values of a record in the form the editors use (relations as the related record). */
export function editableValue(field: FieldMeta, record: RecordData): unknown {
  const value = record[field.name];
  if (field.type === 'RELATION' && field.settings.relation?.kind === 'MANY_TO_MANY') {
    return ((value as { nodes?: RecordData[] } | null)?.nodes ?? []).map((n) => n);
  }
  return value ?? null;
}
