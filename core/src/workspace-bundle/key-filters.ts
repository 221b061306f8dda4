import type { FieldMetadata, ObjectMetadata } from '../metadata';
import type { KeyMap } from './key-map';

/** Which way names are translated: workspace names to file keys, or back. */
type Direction = 'toKeys' | 'toNames';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldBy(object: ObjectMetadata, token: string, direction: Direction): FieldMetadata | undefined {
  return object.fields.find((f) => (direction === 'toKeys' ? f.name : f.key) === token);
}

const other = (field: FieldMetadata, direction: Direction) => (direction === 'toKeys' ? field.key : field.name);

/**
 * One field reference translated: a field's name <-> its key; a many-to-one relation's id form
 * (`companyId`, as orderBy and indexes name it) <-> `<key>Id`; standard fields (`createdAt`) and
 * names of nothing stay as they are (whoever reads them reports what is wrong).
 */
export function translateFieldRef(object: ObjectMetadata, token: string, direction: Direction): string {
  const field = fieldBy(object, token, direction);
  if (field) return other(field, direction);
  if (token.endsWith('Id')) {
    const relation = fieldBy(object, token.slice(0, -2), direction);
    if (relation?.type === 'RELATION') return `${other(relation, direction)}Id`;
  }
  return token;
}

/**
 * A data API filter (views, role conditions, roll-up and index filters) with its field names
 * translated: `and`/`or`/`not` recurse, a many-to-one relation's nested filter is translated
 * against its target, operators and values are kept. User keys go into prototype-free objects.
 */
export function translateFilter(keys: KeyMap, object: ObjectMetadata, filter: unknown, direction: Direction): unknown {
  if (Array.isArray(filter)) return filter.map((item) => translateFilter(keys, object, item, direction));
  if (!isRecord(filter)) return filter;
  const out: Record<string, unknown> = Object.create(null);
  for (const [token, value] of Object.entries(filter)) {
    if (token === 'and' || token === 'or' || token === 'not') {
      out[token] = translateFilter(keys, object, value, direction);
      continue;
    }
    const field = fieldBy(object, token, direction);
    const relation = field?.type === 'RELATION' ? field.settings.relation : undefined;
    // Relations name their target by singular name in either direction (the map's snapshot holds names).
    const target = relation?.kind === 'MANY_TO_ONE' ? keys.objectByName(relation.target) : undefined;
    out[field ? other(field, direction) : token] = target ? translateFilter(keys, target, value, direction) : value;
  }
  return out;
}

/** A plain (prototype-carrying) copy, for YAML output and JSON storage. */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * JSON with object keys sorted, for comparing a file's value with a stored one: PostgreSQL's
 * jsonb keeps keys in its own order (shorter first), files in the order they were written.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
