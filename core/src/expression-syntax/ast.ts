/** A span of the source text, in UTF-16 offsets: `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

export type LiteralValue = null | boolean | number | string;
export type UnaryOperator = '!' | '-';
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '??';

/** A member step written by name (`record.name`) or by stable field id (`record.#0193...`). */
export type MemberKey = ({ name: string; id?: undefined } | { id: string; name?: undefined }) & { span: Span };

/**
 * Expression syntax tree. There is no computed member access: a member is a fixed name or field
 * id, an index is a list position, and only library functions can be called.
 */
export type Expr = Span &
  (
    | { kind: 'literal'; value: LiteralValue }
    | { kind: 'name'; name: string }
    | { kind: 'member'; object: Expr; key: MemberKey }
    | { kind: 'index'; object: Expr; index: Expr }
    | { kind: 'call'; callee: string; calleeSpan: Span; args: Expr[] }
    | { kind: 'list'; items: Expr[] }
    | { kind: 'unary'; operator: UnaryOperator; operand: Expr }
    | { kind: 'binary'; operator: BinaryOperator; left: Expr; right: Expr }
    | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr }
  );

/** Names no expression may reach, whatever data they are applied to. */
export const UNREACHABLE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
