import { badInput } from '../../errors';
import { indexSnapshot, type ObjectMetadata, type WorkspaceSnapshot } from '../../metadata';
import { type FilterInput, objectFields } from '../../query';

/**
 * Conditions in the API's filter language are stored with fields by stable id, so renaming a
 * field never breaks a trigger: `#<fieldId>` is the field (a column, a composite, or the
 * relation's nested filter on its owning side), `#<fieldId>:id` a relation's id column, and
 * `#<fieldId>:inverse` the nested filter across a relation's inverse side. Standard fields
 * (`createdAt`, `ownerId`...) keep their names.
 */
type Direction = 'store' | 'display';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function storedKey(snapshot: WorkspaceSnapshot, object: ObjectMetadata, key: string, path: string) {
  const access = objectFields(snapshot, object).get(key);
  if (!access) throw badInput(path, `${object.nameSingular} has no field ${key} to filter on.`);
  if (access.kind === 'relation') {
    const suffix = access.edge.owning ? '' : ':inverse';
    return { key: `#${access.edge.field.id}${suffix}`, target: access.edge.to };
  }
  if (!access.field) return { key, target: null };
  const suffix = access.field.type === 'RELATION' ? ':id' : '';
  return { key: `#${access.field.id}${suffix}`, target: null };
}

function displayKey(snapshot: WorkspaceSnapshot, object: ObjectMetadata, key: string, path: string) {
  if (!key.startsWith('#')) return { key, target: null };
  const [id, suffix = ''] = key.slice(1).split(':');
  const deleted = () => badInput(path, `The condition refers to a field of ${object.nameSingular} that was deleted.`);
  if (suffix === 'inverse') {
    const edge = indexSnapshot(snapshot)
      .relations(object.nameSingular)
      .find((e) => !e.owning && e.field.id === id);
    if (!edge) throw deleted();
    return { key: edge.name, target: edge.to };
  }
  const field = object.fields.find((f) => f.id === id);
  if (!field) throw deleted();
  if (suffix === 'id') return { key: `${field.name}Id`, target: null };
  const target =
    field.type === 'RELATION' ? indexSnapshot(snapshot).relation(object.nameSingular, field.name)?.to : null;
  return { key: field.name, target: target ?? null };
}

function convert(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  filter: FilterInput,
  path: string,
  direction: Direction,
): FilterInput {
  const out = Object.create(null) as FilterInput;
  for (const [key, value] of Object.entries(filter)) {
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw badInput(at, `${key} takes a list of filters.`);
      out[key] = value.map((item, i) => convert(snapshot, object, isRecord(item) ? item : {}, `${at}.${i}`, direction));
    } else if (key === 'not') {
      out[key] = convert(snapshot, object, isRecord(value) ? value : {}, at, direction);
    } else {
      const mapped = (direction === 'store' ? storedKey : displayKey)(snapshot, object, key, at);
      out[mapped.key] =
        mapped.target && isRecord(value) ? convert(snapshot, mapped.target, value, at, direction) : value;
    }
  }
  return out;
}

/**
 * A condition written with field names (or already stored: ids are read back first), rewritten
 * with stable field ids for storage.
 */
export function storeCondition(snapshot: WorkspaceSnapshot, object: ObjectMetadata, filter: FilterInput, path: string) {
  return convert(snapshot, object, convert(snapshot, object, filter, path, 'display'), path, 'store');
}

/** A stored condition written back with the fields' current names (the API's filter language). */
export function displayCondition(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  filter: FilterInput,
  path: string,
) {
  return convert(snapshot, object, filter, path, 'display');
}
