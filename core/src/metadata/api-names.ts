import { pascalCase } from './naming';
import { indexSnapshot } from './snapshot-index';
import type { ObjectMetadata, WorkspaceSnapshot } from './types';
import { STANDARD_FIELDS } from './types';

/** A generated name and what produced it, so a collision can name the input at fault. */
export interface NameClaim {
  name: string;
  /** For messages, e.g. `field person.company`, `object "company"`. */
  owner: string;
  /** Identity of the owner (object or field id): one owner may repeat a name, two may not. */
  ownerKey: string;
  /** Object (singular name) whose metadata produced the name; '' for built-ins. */
  object: string;
  /** Field of `object` that produced it; null for object-level names. */
  field: string | null;
  /** Input key that produced it: `nameSingular`, `namePlural`, `name`, `relation.inverseName`. */
  source: string;
}

/**
 * Field-level names of an object's record type and inputs: standard fields, every field,
 * the `<name>Id` / `<name>Ids` inputs of relations, and inverse relations from other objects.
 */
export function recordFieldClaims(snapshot: WorkspaceSnapshot, object: ObjectMetadata): NameClaim[] {
  const claims: NameClaim[] = Object.keys(STANDARD_FIELDS).map((name) => ({
    name,
    owner: 'a standard field',
    ownerKey: 'standard',
    object: '',
    field: null,
    source: name,
  }));
  const add = (name: string, owner: string, ownerKey: string, objectName: string, field: string, source: string) =>
    claims.push({ name, owner, ownerKey, object: objectName, field, source });
  for (const edge of indexSnapshot(snapshot).relations(object.nameSingular)) {
    const ownerObject = edge.owning ? edge.from.nameSingular : edge.to.nameSingular;
    const owner = edge.owning
      ? `field ${ownerObject}.${edge.name}`
      : `the inverse of ${ownerObject}.${edge.field.name}`;
    const source = edge.owning ? 'name' : 'relation.inverseName';
    // A self-relation's two sides come from one field but are two names on the same type.
    const key = edge.owning ? edge.field.id : `${edge.field.id}:inverse`;
    add(edge.name, owner, key, ownerObject, edge.field.name, source);
    if (edge.kind === 'MANY_TO_ONE') add(`${edge.name}Id`, owner, key, ownerObject, edge.field.name, source);
    if (edge.kind === 'MANY_TO_MANY') add(`${edge.name}Ids`, owner, key, ownerObject, edge.field.name, source);
  }
  for (const field of object.fields) {
    if (field.type !== 'RELATION')
      add(field.name, `field ${object.nameSingular}.${field.name}`, field.id, object.nameSingular, field.name, 'name');
  }
  return claims;
}

const TYPE_SUFFIXES = [
  '',
  'Connection',
  'Edge',
  'Filter',
  'OrderBy',
  'GroupBy',
  'Aggregate',
  'CreateInput',
  'UpdateInput',
  'Change',
];
const SINGULAR_VERBS = ['create', 'update', 'delete', 'restore', 'destroy'];

/**
 * Root fields and type names the data schema generates for an object (see ARCHITECTURE,
 * "GraphQL contract"), plus the enum of each SELECT field.
 */
export function schemaClaims(object: ObjectMetadata): NameClaim[] {
  const type = pascalCase(object.nameSingular);
  const owner = `object "${object.nameSingular}"`;
  const claim = (name: string, source: string, field: string | null = null): NameClaim => ({
    name,
    owner,
    ownerKey: object.id,
    object: object.nameSingular,
    field,
    source,
  });
  return [
    claim(object.nameSingular, 'nameSingular'),
    claim(`${object.nameSingular}Changed`, 'nameSingular'),
    ...SINGULAR_VERBS.map((verb) => claim(`${verb}${type}`, 'nameSingular')),
    ...TYPE_SUFFIXES.map((suffix) => claim(`${type}${suffix}`, 'nameSingular')),
    claim(object.namePlural, 'namePlural'),
    claim(`${object.namePlural}Aggregate`, 'namePlural'),
    claim(`create${pascalCase(object.namePlural)}`, 'namePlural'),
    ...object.fields
      .filter((f) => f.type === 'SELECT' || f.type === 'MULTI_SELECT')
      .map((f) => ({
        ...claim(`${type}${pascalCase(f.name)}`, 'name', f.name),
        owner: `the enum of ${object.nameSingular}.${f.name}`,
        ownerKey: f.id,
      })),
  ];
}

/**
 * The first name in `added` already claimed by someone else (in `existing` or earlier in
 * `added`), as [earlier claim, new claim]; null when every name is free.
 */
export function findCollision(existing: NameClaim[], added: NameClaim[]): [NameClaim, NameClaim] | null {
  const seen = new Map<string, NameClaim>(existing.map((claim) => [claim.name, claim]));
  for (const claim of added) {
    const earlier = seen.get(claim.name);
    if (earlier && earlier.ownerKey !== claim.ownerKey) return [earlier, claim];
    seen.set(claim.name, claim);
  }
  return null;
}
