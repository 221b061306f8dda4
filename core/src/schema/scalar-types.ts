import { computedResultType, type FieldMetadata } from '../metadata';

/** GraphQL scalar of each single-column field type; the same on input and output. */
export const SCALAR_OF = {
  TEXT: 'String',
  RICH_TEXT: 'String',
  EMAIL: 'String',
  PHONE: 'String',
  URL: 'String',
  SELECT: 'String',
  MULTI_SELECT: 'String',
  NUMBER: 'Float',
  BOOLEAN: 'Boolean',
  DATE: 'Date',
  DATE_TIME: 'DateTime',
  RATING: 'Int',
  JSON: 'JSON',
} as const satisfies Partial<Record<FieldMetadata['type'], string>>;

/** The type a field's value has in the API: a FORMULA or ROLLUP field's is its result type. */
export function apiValueType(field: FieldMetadata): FieldMetadata['type'] {
  return computedResultType(field) ?? field.type;
}
