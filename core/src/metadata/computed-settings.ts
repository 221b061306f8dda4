import { withFormula } from './formula-settings';
import type { FormulaInput, RollupInput } from './metadata-inputs';
import { withRollup } from './rollup-settings';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** `field` with its formula or roll-up input resolved against `snapshot` (other fields as they are). */
export function withComputed(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  field: FieldMetadata,
  input: { formula?: FormulaInput | null; rollup?: RollupInput | null } | undefined,
  prefix = 'input',
): FieldMetadata {
  const withItsFormula = withFormula(snapshot, object, field, input?.formula, `${prefix}.formula`);
  return withRollup(snapshot, object, withItsFormula, input?.rollup, `${prefix}.rollup`);
}
