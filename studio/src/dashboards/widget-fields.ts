import type { FieldMeta, FieldType, ObjectMeta } from '../api/metadata-types';

/** A field a widget may group by or measure: its API name, label and value type. */
export interface WidgetField {
  name: string;
  label: string;
  type: string;
}

const GROUPABLE = new Set<string>([
  'TEXT',
  'EMAIL',
  'PHONE',
  'URL',
  'SELECT',
  'BOOLEAN',
  'NUMBER',
  'RATING',
  'DATE',
  'DATE_TIME',
]);
const NUMERIC = new Set<string>(['NUMBER', 'CURRENCY', 'RATING']);
const ORDERED = new Set<string>(['NUMBER', 'CURRENCY', 'RATING', 'DATE', 'DATE_TIME']);

// A formula or roll-up aggregates as its result type (core/src/query/aggregate-fields.ts).
const valueType = (f: FieldMeta): FieldType | string =>
  f.type === 'FORMULA' ? (f.formula?.resultType ?? '') : f.type === 'ROLLUP' ? (f.rollup?.resultType ?? '') : f.type;

const STANDARD: WidgetField[] = [
  { name: 'createdAt', label: 'Created', type: 'DATE_TIME' },
  { name: 'updatedAt', label: 'Updated', type: 'DATE_TIME' },
];

function pick(object: ObjectMeta | undefined, types: Set<string>, standard: boolean): WidgetField[] {
  const own = (object?.fields ?? [])
    .map((f) => ({ name: f.name, label: f.label, type: valueType(f) }))
    .filter((f) => types.has(f.type));
  return standard ? [...own, ...STANDARD] : own;
}

/** What a widget over `object` may group by (dates take a bucket). */
export const groupableFields = (object: ObjectMeta | undefined) => pick(object, GROUPABLE, true);
/** What SUM and AVG take (numbers), or MIN and MAX (numbers and dates). */
export const measurableFields = (object: ObjectMeta | undefined, fn: string) =>
  fn === 'SUM' || fn === 'AVG' ? pick(object, NUMERIC, false) : pick(object, ORDERED, true);
export const isDateType = (type: string | undefined) => type === 'DATE' || type === 'DATE_TIME';

/** Fields of `object` whose value type is one of `types` (`createdAt` too when it takes DATE_TIME). */
export function fieldsOfType(object: ObjectMeta | undefined, types: readonly string[]): WidgetField[] {
  return pick(object, new Set(types), false).concat(
    types.includes('DATE_TIME') ? STANDARD.filter((f) => f.name === 'createdAt') : [],
  );
}

/** `object`'s many-to-one relations, only those pointing at `target` when given. */
export function manyToOne(object: ObjectMeta | undefined, target?: string | null): WidgetField[] {
  return (object?.fields ?? [])
    .filter((f) => f.type === 'RELATION' && f.settings.relation?.kind === 'MANY_TO_ONE')
    .filter((f) => !target || f.settings.relation?.target === target)
    .map((f) => ({ name: f.name, label: f.label, type: f.type }));
}
