/** The value types a formula computes; `NULL` is the type of the literal `null` (fits any). */
export const FORMULA_RESULT_TYPES = ['NUMBER', 'TEXT', 'BOOLEAN', 'DATE', 'DATE_TIME'] as const;
export type FormulaResultType = (typeof FORMULA_RESULT_TYPES)[number];
export type ValueType = FormulaResultType | 'NULL';

/**
 * A checked formula as stored in the field's settings. Fields are held by id (`field`, and
 * `via` for the many-to-one relation read through), so a rename never changes the formula;
 * standard fields (`createdAt`) by their fixed API name. Every node carries its type `t`.
 */
export type FormulaNode =
  | { k: 'num'; v: string; t: 'NUMBER' }
  | { k: 'str'; v: string; t: 'TEXT' }
  | { k: 'bool'; v: boolean; t: 'BOOLEAN' }
  | { k: 'null'; t: 'NULL' }
  | { k: 'ref'; via: string | null; field: string; t: ValueType }
  | { k: 'op'; op: FormulaOperator; args: FormulaNode[]; t: ValueType }
  | { k: 'call'; fn: string; args: FormulaNode[]; t: ValueType };

export const BINARY_OPERATORS = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'] as const;
export type FormulaOperator = (typeof BINARY_OPERATORS)[number] | 'not' | 'neg';

/** A formula field's settings: the declared result type and the checked expression. */
export interface FormulaSettings {
  resultType: FormulaResultType;
  expression: FormulaNode;
}

export type FormulaReference = Extract<FormulaNode, { k: 'ref' }>;

/** Every field reference of a formula, in order, as stored (with the type it had when checked). */
export function formulaReferences(node: FormulaNode): FormulaReference[] {
  if (node.k === 'ref') return [node];
  if (node.k === 'op' || node.k === 'call') return node.args.flatMap(formulaReferences);
  return [];
}
