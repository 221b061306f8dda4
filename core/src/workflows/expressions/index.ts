export type { Expr } from '../../expression-syntax';
export { UNREACHABLE_NAMES } from '../../expression-syntax';
export { type CompiledExpression, compileExpression } from './compile-expression';
export { type CompiledTemplate, compileTemplate } from './compile-template';
export type { ScopeValues } from './evaluate';
export { type ExpressionSite, sitePath } from './expression-error';
export {
  ANY,
  accepts,
  BOOLEAN,
  DATE,
  DATETIME,
  describeType,
  type ExprType,
  listOf,
  type MemberType,
  NUMBER,
  objectType,
  type ScopeType,
  TEXT,
  type TypeKind,
} from './expression-types';
export { formatValue } from './format-value';
export { EXPRESSION_FUNCTIONS } from './function-library';
export type { EvalContext, ExpressionFunction } from './function-types';
export { fieldType, recordType } from './record-type';
export { type DataMap, isDataMap, MAX_TEXT_LENGTH, toValue, type Value } from './values';
