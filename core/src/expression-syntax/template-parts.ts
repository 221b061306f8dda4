import { SyntaxProblem } from './lexer';

/** A template's pieces: literal text, or the span of one `{{ expression }}` between its braces. */
export type TemplatePart = { text: string } | { start: number; end: number };

/** End of the expression opened at `from`: the first `}}` outside a quoted string. */
function closingBraces(source: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < source.length; i += 1) {
    const char = source[i];
    if (quote) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '}' && source[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

/**
 * Splits a template (`Hello {{ record.name }}`, `\{{` for a literal `{{`) into text and the
 * spans of its expressions, unparsed.
 * @throws SyntaxProblem when a `{{` is never closed
 */
export function templateParts(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
    } else if (source.startsWith('{{', i)) {
      const close = closingBraces(source, i + 2);
      if (close < 0) throw new SyntaxProblem('"{{" is never closed by "}}"', { start: i, end: source.length });
      if (text) parts.push({ text });
      text = '';
      parts.push({ start: i + 2, end: close });
      i = close + 2;
    } else {
      text += source[i];
      i += 1;
    }
  }
  if (text) parts.push({ text });
  return parts;
}
