import { badInput } from '../errors';
import { checkFormula, formulaReferences, formulaValueType, resolveReference } from '../formula';
import type { FieldDependent } from './field-dependents';
import type { FormulaInput } from './metadata-inputs';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/**
 * `field` with its formula checked against `snapshot` and stored by field ids. A FORMULA field
 * needs `input.formula` when created; an update without it keeps the stored formula.
 */
export function withFormula(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  field: FieldMetadata,
  input: FormulaInput | null | undefined,
  path = 'input.formula',
): FieldMetadata {
  if (field.type !== 'FORMULA') return field;
  if (!input) {
    if (field.settings.formula) return field;
    throw badInput(path, 'A FORMULA field needs input.formula { expression resultType }.');
  }
  const expression = checkFormula(snapshot, object, field, input.expression, input.resultType, `${path}.expression`);
  return { ...field, settings: { ...field.settings, formula: { resultType: input.resultType, expression } } };
}

/** The settings a computed (FORMULA, ROLLUP) field refuses: it holds nothing to require, index or default. */
export function checkComputedField(field: FieldMetadata): void {
  for (const key of ['required', 'unique', 'indexed'] as const) {
    if (field[key]) throw badInput(`input.${key}`, `A ${field.type} field is computed; it cannot be ${key}.`);
  }
  if (field.defaultValue !== null && field.defaultValue !== undefined) {
    throw badInput('input.defaultValue', `A ${field.type} field is computed; it takes no default value.`);
  }
}

/**
 * The formulas of `after` a change breaks: a field one reads is gone (deleted, or its relation
 * no longer many-to-one) or gives another type now. Renames carry through (they are held by id).
 */
export function brokenFormulas(before: WorkspaceSnapshot, after: WorkspaceSnapshot): FieldDependent[] {
  const broken: FieldDependent[] = [];
  for (const object of after.objects) {
    for (const field of object.fields) {
      const formula = field.settings.formula;
      if (field.type !== 'FORMULA' || !formula) continue;
      const stale = formulaReferences(formula.expression).some((ref) => {
        const now = resolveReference(after, object, ref);
        return !now || (now.field !== null && formulaValueType(now.field) !== ref.t);
      });
      if (stale) {
        const name = before.objects.find((o) => o.id === object.id)?.fields.find((f) => f.id === field.id)?.name;
        broken.push({ kind: 'FORMULA', name: name ?? field.name, object: object.nameSingular, path: 'formula' });
      }
    }
  }
  return broken;
}
