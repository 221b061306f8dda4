import type { FieldMetadata, FieldType } from './types';

/** One physical column of a field. `part` names the sub-value of composite types. */
export interface ColumnSpec {
  column: string;
  sqlType: string;
  /** null for single-column fields; e.g. `amount` / `currencyCode` for CURRENCY. */
  part: string | null;
}

/** Sub-values of composite field types, in column order: API part name -> column suffix. */
export const COMPOSITE_PARTS = {
  CURRENCY: { amount: 'amount', currencyCode: 'currency_code' },
  ADDRESS: {
    street1: 'street1',
    street2: 'street2',
    city: 'city',
    state: 'state',
    postcode: 'postcode',
    country: 'country',
  },
  FULL_NAME: { firstName: 'first_name', lastName: 'last_name' },
} as const satisfies Partial<Record<FieldType, Record<string, string>>>;

export type CompositeType = keyof typeof COMPOSITE_PARTS;

export function isComposite(type: FieldType): type is CompositeType {
  return type in COMPOSITE_PARTS;
}

/** Numeric precision used for NUMBER and CURRENCY amounts. */
export const NUMERIC_PRECISION = 20;

function scalarSqlType(field: Pick<FieldMetadata, 'type' | 'settings'>): string {
  switch (field.type) {
    case 'TEXT':
    case 'RICH_TEXT':
    case 'EMAIL':
    case 'PHONE':
    case 'URL':
    case 'SELECT':
      return 'text';
    case 'NUMBER':
      return `numeric(${NUMERIC_PRECISION},${field.settings.scale ?? 0})`;
    case 'BOOLEAN':
      return 'boolean';
    case 'DATE':
      return 'date';
    case 'DATE_TIME':
      return 'timestamptz';
    case 'MULTI_SELECT':
      return 'text[]';
    case 'RATING':
      return 'smallint';
    case 'JSON':
      return 'jsonb';
    default:
      throw new Error(`${field.type} is not a single-column type`);
  }
}

/**
 * The physical columns of a field, in a stable order. MANY_TO_ONE relations own one
 * `<column>_id uuid` column; MANY_TO_MANY relations live in a junction table and own none.
 */
export function fieldColumns(field: Pick<FieldMetadata, 'type' | 'settings' | 'columnName'>): ColumnSpec[] {
  const base = field.columnName;
  switch (field.type) {
    case 'CURRENCY':
      return [
        {
          column: `${base}_amount`,
          sqlType: `numeric(${NUMERIC_PRECISION},${field.settings.scale ?? 2})`,
          part: 'amount',
        },
        { column: `${base}_currency_code`, sqlType: 'text', part: 'currencyCode' },
      ];
    case 'ADDRESS':
    case 'FULL_NAME':
      return Object.entries(COMPOSITE_PARTS[field.type]).map(([part, suffix]) => ({
        column: `${base}_${suffix}`,
        sqlType: 'text',
        part,
      }));
    case 'FORMULA':
    case 'ROLLUP':
      // Computed in each query from what they read (see core/src/query/computed-sql.ts).
      return [];
    case 'RELATION':
      return field.settings.relation?.kind === 'MANY_TO_ONE'
        ? [{ column: `${base}_id`, sqlType: 'uuid', part: null }]
        : [];
    default:
      return [{ column: base, sqlType: scalarSqlType(field), part: null }];
  }
}
