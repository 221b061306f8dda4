import type { Expr, Span } from './ast';
import { SyntaxProblem } from './lexer';
import { parseExpression } from './parser';
import { templateParts } from './template-parts';

/** Renamed option values per select field id: field id -> (old value -> new value). */
export type OptionRenames = ReadonlyMap<string, ReadonlyMap<string, string>>;

interface Edit extends Span {
  text: string;
}

/** A string literal in the lexer's syntax, keeping the quote the source used. */
function quoted(value: string, quote: string): string {
  const escaped = value.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  return quote + escaped.replaceAll(quote, `\\${quote}`) + quote;
}

/** The renames of the field `expr` reads (`….#<field id>`), if it reads a renamed one. */
const renamesOf = (expr: Expr, renames: OptionRenames) =>
  expr.kind === 'member' && expr.key.id !== undefined ? renames.get(expr.key.id) : undefined;

/** Edits renaming the string literals of `expr` (a literal or a list of them) found in `values`. */
function literalEdits(expr: Expr, values: ReadonlyMap<string, string>, source: string): Edit[] {
  if (expr.kind === 'list') return expr.items.flatMap((item) => literalEdits(item, values, source));
  if (expr.kind !== 'literal' || typeof expr.value !== 'string') return [];
  const renamed = values.get(expr.value);
  return renamed === undefined
    ? []
    : [{ start: expr.start, end: expr.end, text: quoted(renamed, source[expr.start]!) }];
}

/** Literals compared with a renamed field: `f == "x"`, `"x" != f`, `includes(["x"], f)`, `includes(f, "x")`. */
function edits(expr: Expr, renames: OptionRenames, source: string): Edit[] {
  const pair = (a: Expr, b: Expr): Edit[] => {
    const ofA = renamesOf(a, renames);
    const ofB = renamesOf(b, renames);
    return [...(ofA ? literalEdits(b, ofA, source) : []), ...(ofB ? literalEdits(a, ofB, source) : [])];
  };
  switch (expr.kind) {
    case 'binary': {
      const own = expr.operator === '==' || expr.operator === '!=' ? pair(expr.left, expr.right) : [];
      return [...own, ...edits(expr.left, renames, source), ...edits(expr.right, renames, source)];
    }
    case 'call': {
      const own = expr.callee === 'includes' && expr.args.length === 2 ? pair(expr.args[0]!, expr.args[1]!) : [];
      return [...own, ...expr.args.flatMap((arg) => edits(arg, renames, source))];
    }
    case 'member':
    case 'index':
      return [
        ...edits(expr.object, renames, source),
        ...(expr.kind === 'index' ? edits(expr.index, renames, source) : []),
      ];
    case 'list':
      return expr.items.flatMap((item) => edits(item, renames, source));
    case 'unary':
      return edits(expr.operand, renames, source);
    case 'conditional':
      return [expr.test, expr.then, expr.otherwise].flatMap((part) => edits(part, renames, source));
    default:
      return [];
  }
}

function applyEdits(source: string, list: Edit[]): string {
  let out = source;
  for (const edit of [...list].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

/** Edits for the expression at `[start, end)` of `source`; none when it does not parse. */
function sliceEdits(source: string, start: number, end: number, renames: OptionRenames): Edit[] {
  let expr: Expr;
  try {
    expr = parseExpression(source.slice(start, end));
  } catch (error) {
    if (error instanceof SyntaxProblem) return [];
    throw error;
  }
  return edits(expr, renames, source.slice(start, end)).map((e) => ({
    ...e,
    start: e.start + start,
    end: e.end + start,
  }));
}

/**
 * A stored expression or template (fields written `#<field id>`) with the string literals it
 * compares to a renamed select field's value renamed. Text holding `{{` is read as a template,
 * other text as one expression; text that does not parse is returned unchanged.
 */
export function renameOptionLiterals(source: string, renames: OptionRenames): string {
  if (!source.includes('#')) return source;
  if (!source.includes('{{')) return applyEdits(source, sliceEdits(source, 0, source.length, renames));
  let parts: ReturnType<typeof templateParts>;
  try {
    parts = templateParts(source);
  } catch (error) {
    if (error instanceof SyntaxProblem) return source;
    throw error;
  }
  return applyEdits(
    source,
    parts.flatMap((part) => ('text' in part ? [] : sliceEdits(source, part.start, part.end, renames))),
  );
}
