import { badInput } from '../errors';
import { type FieldMetadata, indexSnapshot, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadEdge, canReadField, canReadObject } from '../query';

/** A filter in the data API's language (`{ and, or, not, <field>: { op }, <relation>: { ... } }`). */
export type SegmentFilter = Record<string, unknown>;

// Standard columns every object filters on, kept by name: they are never renamed.
const STANDARD = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'version']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (): SegmentFilter => Object.create(null) as SegmentFilter;

// Stored keys: `f:<field id>` a field, `r:<field id>:o|i` a relation from its owning or inverse
// side, `k:<field id>` a many-to-one relation's id (`companyId`). Ids survive renames.
const STORED_KEY = /^(f|k):([0-9a-f-]{36})$|^r:([0-9a-f-]{36}):(o|i)$/;

/**
 * A segment's filter stored by field ids: each name of `filter` (on `object`, through its
 * relations) becomes its field's id. Operators and values are kept; the data API's compiler
 * checks them when the segment is read. @throws BAD_USER_INPUT on `path.<name>` for an unknown name
 */
export function storedFilter(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  filter: unknown,
  path: string,
): SegmentFilter {
  if (!isRecord(filter)) throw badInput(path, `${path} must be a filter object such as { stage: { eq: "WON" } }.`);
  const edges = indexSnapshot(snapshot).relations(object.nameSingular);
  const out = blank();
  for (const [key, value] of Object.entries(filter)) {
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw badInput(at, `${key} takes a list of filters.`);
      out[key] = value.map((item, i) => storedFilter(snapshot, object, item, `${at}[${i}]`));
    } else if (key === 'not') out[key] = storedFilter(snapshot, object, value, at);
    else if (STANDARD.has(key)) out[key] = value;
    else {
      const edge = edges.find((e) => e.name === key);
      const fk = edges.find((e) => e.kind === 'MANY_TO_ONE' && e.owning && `${e.name}Id` === key);
      const field = object.fields.find((f) => f.name === key && f.type !== 'RELATION');
      if (edge) out[`r:${edge.field.id}:${edge.owning ? 'o' : 'i'}`] = storedFilter(snapshot, edge.to, value, at);
      else if (fk) out[`k:${fk.field.id}`] = value;
      else if (field) out[`f:${field.id}`] = value;
      else throw badInput(at, `${object.nameSingular} has no field or relation "${key}" to filter on.`);
    }
  }
  return out;
}

/** What a stored filter reads as for one role: the filter with today's names, or why it cannot be used. */
export type ReadFilter =
  | { kind: 'ok'; filter: SegmentFilter }
  /** It names a field or relation the role cannot read: using it would reveal that field. */
  | { kind: 'restricted' }
  /** A field it names was deleted (or a relation changed): it needs to be saved again. */
  | { kind: 'broken'; reason: string };

class Unusable {
  constructor(readonly result: Exclude<ReadFilter, { kind: 'ok' }>) {}
}

function fieldById(object: ObjectMetadata, id: string): FieldMetadata {
  const field = object.fields.find((f) => f.id === id);
  if (!field)
    throw new Unusable({ kind: 'broken', reason: `a field of ${object.nameSingular} it filters on was deleted` });
  return field;
}

function named(snapshot: WorkspaceSnapshot, permissions: RolePermissions, object: ObjectMetadata, stored: unknown) {
  if (!isRecord(stored)) throw new Unusable({ kind: 'broken', reason: 'its filter is not an object' });
  if (!canReadObject(permissions, object)) throw new Unusable({ kind: 'restricted' });
  const out = blank();
  for (const [key, value] of Object.entries(stored)) {
    if (key === 'and' || key === 'or') {
      out[key] = (Array.isArray(value) ? value : []).map((item) => named(snapshot, permissions, object, item));
      continue;
    }
    if (key === 'not') {
      out[key] = named(snapshot, permissions, object, value);
      continue;
    }
    const match = STORED_KEY.exec(key);
    if (!match) {
      if (!canReadField(permissions, object, key)) throw new Unusable({ kind: 'restricted' });
      out[key] = value;
      continue;
    }
    const [, kind, id, edgeId, side] = match;
    if (edgeId) {
      const edge = indexSnapshot(snapshot)
        .relations(object.nameSingular)
        .find((e) => e.field.id === edgeId && e.owning === (side === 'o'));
      if (!edge)
        throw new Unusable({ kind: 'broken', reason: `a relation of ${object.nameSingular} it filters on is gone` });
      if (!canReadEdge(permissions, edge)) throw new Unusable({ kind: 'restricted' });
      out[edge.name] = named(snapshot, permissions, edge.to, value);
      continue;
    }
    const field = fieldById(object, id as string);
    if (!canReadField(permissions, object, field.name)) throw new Unusable({ kind: 'restricted' });
    out[kind === 'k' ? `${field.name}Id` : field.name] = value;
  }
  return out;
}

/**
 * A stored filter as `permissions` may use it: with today's names when the role reads every field
 * and relation it names, else restricted (never half of it: a partial filter would count others).
 */
export function readFilter(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  object: ObjectMetadata,
  stored: unknown,
): ReadFilter {
  try {
    return { kind: 'ok', filter: named(snapshot, permissions, object, stored) };
  } catch (error) {
    if (error instanceof Unusable) return error.result;
    throw error;
  }
}
