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
