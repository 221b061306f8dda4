import type { FieldMetadata, ObjectMetadata } from '../../metadata';
import { COMPOSITE_PARTS, isComposite } from '../../metadata';
import { fieldKey } from '../../records';
import { BOOLEAN, DATE, DATETIME, type ExprType, listOf, type MemberType, NUMBER, TEXT } from './expression-types';

const STANDARD_MEMBERS: MemberType[] = [
  { name: 'id', key: 'id', type: TEXT },
  { name: 'createdAt', key: 'createdAt', type: DATETIME },
  { name: 'updatedAt', key: 'updatedAt', type: DATETIME },
  { name: 'createdBy', key: 'createdBy', type: TEXT },
  { name: 'updatedBy', key: 'updatedBy', type: TEXT },
  { name: 'ownerId', key: 'ownerId', type: TEXT },
];

const compositeMemberType = (part: string): ExprType => (part === 'amount' ? NUMBER : TEXT);

/** The expression type of one field's API value. Relations read as the related record's id(s). */
export function fieldType(field: FieldMetadata): ExprType {
  if (isComposite(field.type)) {
    const parts = Object.keys(COMPOSITE_PARTS[field.type]).map((name): [string, MemberType] => [
      name,
      { name, key: name, type: compositeMemberType(name) },
    ]);
    return { kind: 'object', label: field.label, members: new Map(parts), composite: field.type };
  }
  switch (field.type) {
    case 'NUMBER':
    case 'RATING':
      return NUMBER;
    case 'BOOLEAN':
      return BOOLEAN;
    case 'DATE':
      return DATE;
    case 'DATE_TIME':
      return DATETIME;
    case 'SELECT':
      return { kind: 'text', options: (field.settings.options ?? []).map((o) => o.value) };
    case 'MULTI_SELECT':
      return listOf({ kind: 'text', options: (field.settings.options ?? []).map((o) => o.value) });
    case 'JSON':
      return { kind: 'any' };
    case 'RELATION':
      return field.settings.relation?.kind === 'MANY_TO_MANY' ? listOf(TEXT) : TEXT;
    default:
      return TEXT;
  }
}

const cache = new WeakMap<ObjectMetadata, ExprType>();

/**
 * The expression type of a record of `object`: its standard fields and its fields by name, each
 * carrying its stable id so stored expressions survive a rename. Memoised per (immutable) object.
 */
export function recordType(object: ObjectMetadata): ExprType {
  const cached = cache.get(object);
  if (cached) return cached;
  const fields: MemberType[] = object.fields.map((field) => ({
    name: field.name,
    key: fieldKey(field),
    type: fieldType(field),
    fieldId: field.id,
  }));
  const members = [...STANDARD_MEMBERS, ...fields];
  const type: ExprType = {
    kind: 'object',
    label: object.nameSingular,
    members: new Map(members.map((m) => [m.name, m])),
    byId: new Map(fields.map((m) => [m.fieldId!, m])),
  };
  cache.set(object, type);
  return type;
}
