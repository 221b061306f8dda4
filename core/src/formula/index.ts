export type { FormulaNode, FormulaReference, FormulaResultType, FormulaSettings, ValueType } from './formula-ast';
export { FORMULA_RESULT_TYPES, formulaReferences } from './formula-ast';
export { checkFormula } from './formula-check';
export type { ResolvedReference } from './formula-fields';
export { formulaOf, formulaValueType, resolveReference } from './formula-fields';
export type { FormulaFunction } from './formula-functions';
export { FORMULA_FUNCTIONS } from './formula-functions';
export { parseFormula } from './formula-parser';
export { printFormula } from './formula-print';
