import type { RelataError } from '../../errors';
import { type Expr, parseExpression, SyntaxProblem } from '../../expression-syntax';
import { checkExpression } from './check';
import { EvalFailure, evaluateExpression, type ScopeValues } from './evaluate';
import { type ExpressionSite, expressionError, type Span } from './expression-error';
import type { ExprType, MemberType, ScopeType } from './expression-types';
import type { EvalContext } from './function-types';
import type { Value } from './values';

/** A checked expression, ready to evaluate many times. */
export interface CompiledExpression {
  type: ExprType;
  /** The source with metadata fields written by stable id (`record.#0193...`): what is stored. */
  stored: string;
  /** The source with metadata fields written by their current names: what the editor shows. */
  display: string;
  /** Evaluates against the scope's values; a failure is a `RelataError` naming the site and part. */
  evaluate(scope: ScopeValues, context: EvalContext): Value;
}

/** Where a piece of expression sits inside a larger source (a template). */
export interface SourceSlice {
  source: string;
  start: number;
  end: number;
}

function shifted(span: Span, offset: number): Span {
  return { start: span.start + offset, end: span.end + offset };
}

/** Rewrites each resolved metadata member in place: by id for storage, by name for display. */
function rewrite(text: string, members: ReadonlyMap<Expr, MemberType>, write: (member: MemberType) => string): string {
  const edits = [...members]
    .filter(([expr, member]) => expr.kind === 'member' && member.fieldId !== undefined)
    .map(([expr, member]) => ({ span: (expr as Extract<Expr, { kind: 'member' }>).key.span, text: write(member) }))
    .sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.span.start) + edit.text + out.slice(edit.span.end);
  return out;
}

/** Compiles the expression at `slice` of a larger source; errors point into the whole source. */
export function compileSlice(slice: SourceSlice, scope: ScopeType, site: ExpressionSite): CompiledExpression {
  const text = slice.source.slice(slice.start, slice.end);
  const fail = (span: Span, message: string): RelataError =>
    expressionError(site, slice.source, shifted(span, slice.start), message);
  let expr: Expr;
  let checked: ReturnType<typeof checkExpression>;
  try {
    if (text.trim() === '') throw new SyntaxProblem('the expression is empty', { start: 0, end: text.length });
    expr = parseExpression(text);
    checked = checkExpression(expr, scope);
  } catch (error) {
    if (error instanceof SyntaxProblem) throw fail(error.span, error.message);
    throw error;
  }
  const { members, type } = checked;
  return {
    type,
    stored: rewrite(text, members, (member) => `#${member.fieldId}`),
    display: rewrite(text, members, (member) => member.name),
    evaluate(scope, context) {
      try {
        return evaluateExpression(expr, members, scope, context);
      } catch (error) {
        if (error instanceof EvalFailure) throw fail(error.node, error.message);
        throw error;
      }
    },
  };
}

/**
 * Parses and type-checks an expression against the names in scope.
 * @throws RelataError `BAD_USER_INPUT` naming the step, the setting and the offending part.
 */
export function compileExpression(source: string, scope: ScopeType, site: ExpressionSite): CompiledExpression {
  return compileSlice({ source, start: 0, end: source.length }, scope, site);
}
