export type { BinaryOperator, Expr, LiteralValue, MemberKey, Span, UnaryOperator } from './ast';
export { UNREACHABLE_NAMES } from './ast';
export { SyntaxProblem, type Token, type TokenKind, tokenize } from './lexer';
export { type OptionRenames, renameOptionLiterals } from './option-literals';
export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression } from './parser';
export { type TemplatePart, templateParts } from './template-parts';
