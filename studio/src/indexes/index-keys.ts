import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import type { IndexKey } from './indexes-api';

/** Types PostgreSQL can order by with a b-tree; computed fields live in no column. */
const UNINDEXABLE = new Set(['MULTI_SELECT', 'JSON', 'ADDRESS', 'RICH_TEXT', 'FORMULA', 'ROLLUP']);

/** The API name an index key uses for a field: `companyId` for a many-to-one relation, as orderBy. */
export function keyName(field: FieldMeta): string | null {
  if (field.type === 'RELATION') return field.settings.relation?.kind === 'MANY_TO_ONE' ? `${field.name}Id` : null;
  return UNINDEXABLE.has(field.type) ? null : field.name;
}

/** The fields an index can be declared over, with the names its keys take. */
export function keyOptions(object: ObjectMeta): { label: string; value: string }[] {
  return object.fields.flatMap((field) => {
    const name = keyName(field);
    return name ? [{ label: field.label, value: name }] : [];
  });
}

const ARROWS: Record<IndexKey['direction'], string> = {
  AscNullsLast: '↑',
  AscNullsFirst: '↑ empty first',
  DescNullsLast: '↓',
  DescNullsFirst: '↓ empty first',
};

/** "Stage ↑, Amount ↓": a key list as the admin reads it (the id tie-break as "ID"). */
export function describeKeys(object: ObjectMeta, keys: readonly IndexKey[]): string {
  const labels = new Map(keyOptions(object).map((o) => [o.value, o.label]));
  return keys
    .map((key) => `${key.field === 'id' ? 'ID' : (labels.get(key.field) ?? key.field)} ${ARROWS[key.direction]}`)
    .join(', ');
}

/** A name for an index over `keys`: `byStageAmount`. */
export function suggestedName(keys: readonly IndexKey[]): string {
  const parts = keys
    .filter((key) => key.field !== 'id')
    .map((key) => key.field.charAt(0).toUpperCase() + key.field.slice(1));
  return `by${parts.join('')}`.slice(0, 40);
}

/** 12.4 kB: the size PostgreSQL reports, readable. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
