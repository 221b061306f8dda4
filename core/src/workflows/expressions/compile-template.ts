import { SyntaxProblem, type TemplatePart, templateParts } from '../../expression-syntax';
import { type CompiledExpression, compileSlice } from './compile-expression';
import type { ScopeValues } from './evaluate';
import { type ExpressionSite, expressionError } from './expression-error';
import { type ExprType, type ScopeType, TEXT } from './expression-types';
import { formatValue } from './format-value';
import type { EvalContext } from './function-types';
import { MAX_TEXT_LENGTH, type Value } from './values';

/** A checked template such as `Hello {{ record.name }}`. */
export interface CompiledTemplate {
  /** Text, or the expression's own type when the template is one `{{ ... }}` alone. */
  type: ExprType;
  stored: string;
  display: string;
  /** The value: a lone `{{ expr }}` keeps its type (a number stays a number); otherwise text. */
  evaluate(scope: ScopeValues, context: EvalContext): Value;
}

type Part = { text: string } | { expression: CompiledExpression; start: number; end: number };

function parseParts(source: string, scope: ScopeType, site: ExpressionSite): Part[] {
  let parts: TemplatePart[];
  try {
    parts = templateParts(source);
  } catch (error) {
    if (error instanceof SyntaxProblem) throw expressionError(site, source, error.span, error.message);
    throw error;
  }
  return parts.map((part) =>
    'text' in part ? part : { ...part, expression: compileSlice({ source, ...part }, scope, site) },
  );
}

function rewrite(source: string, parts: Part[], pick: (expression: CompiledExpression) => string): string {
  let out = source;
  for (const part of [...parts].reverse()) {
    if ('expression' in part)
      out = `${out.slice(0, part.start)} ${pick(part.expression).trim()} ${out.slice(part.end)}`;
  }
  return out;
}

/**
 * Compiles a template: literal text with `{{ expression }}` parts (write `\{{` for a literal
 * `{{`). Every part is type-checked now; errors name the site and the offending part.
 */
export function compileTemplate(source: string, scope: ScopeType, site: ExpressionSite): CompiledTemplate {
  const parts = parseParts(source, scope, site);
  const meaningful = parts.filter((part) => !('text' in part) || part.text.trim() !== '');
  const only = meaningful.length === 1 ? meaningful[0]! : null;
  const lone = only && 'expression' in only ? only.expression : null;
  return {
    type: lone ? lone.type : TEXT,
    stored: rewrite(source, parts, (e) => e.stored),
    display: rewrite(source, parts, (e) => e.display),
    evaluate(values, context) {
      if (lone) return lone.evaluate(values, context);
      let out = '';
      for (const part of parts) {
        out += 'text' in part ? part.text : formatValue(part.expression.evaluate(values, context));
        if (out.length > MAX_TEXT_LENGTH) {
          throw expressionError(
            site,
            source,
            { start: 0, end: 0 },
            `gives text longer than ${MAX_TEXT_LENGTH} characters`,
          );
        }
      }
      return out;
    },
  };
}
