import type { FormulaResultType } from '../formula';
import type { FieldMetadata } from './types';

/** FORMULA and ROLLUP fields: computed in each read's SQL, never stored nor written. */
export function isComputed(field: Pick<FieldMetadata, 'type'>): boolean {
  return field.type === 'FORMULA' || field.type === 'ROLLUP';
}

/** The result type of a computed field; null for stored fields. */
export function computedResultType(field: Pick<FieldMetadata, 'type' | 'settings'>): FormulaResultType | null {
  if (field.type === 'FORMULA') return field.settings.formula?.resultType ?? null;
  if (field.type === 'ROLLUP') return field.settings.rollup?.resultType ?? null;
  return null;
}

/** Whether a scoring model (RFM, lifecycle) writes this stored field: read-only for every caller. */
export function isModelManaged(field: Pick<FieldMetadata, 'settings'>): boolean {
  return field.settings.managedBy !== undefined;
}
