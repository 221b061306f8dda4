import type { Span } from './ast';

export type TokenKind = 'number' | 'string' | 'name' | 'fieldId' | 'punct' | 'end';

export interface Token extends Span {
  kind: TokenKind;
  /** Number: the digits; string: the unescaped text; name: the identifier; punct: the operator. */
  text: string;
}

/** Thrown by the lexer and parser; the caller turns it into an error naming its site. */
export class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

// Longest first, so `<=` wins over `<`.
const PUNCTUATION = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '?',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '<',
  '>',
];
const NAME_START = /[A-Za-z_$]/;
const NAME_PART = /[A-Za-z0-9_$]/;
const FIELD_ID_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;
const ESCAPES = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['\\', '\\'],
  ['"', '"'],
  ["'", "'"],
]);

function readString(source: string, start: number): Token {
  const quote = source[start];
  let text = '';
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\') {
      const escaped = ESCAPES.get(source[i + 1] ?? '');
      if (escaped === undefined) throw new SyntaxProblem('unknown escape in a string', { start: i, end: i + 2 });
      text += escaped;
      i += 2;
    } else {
      text += source[i];
      i += 1;
    }
  }
  if (i >= source.length) throw new SyntaxProblem('unterminated string', { start, end: source.length });
  return { kind: 'string', text, start, end: i + 1 };
}

function readWhile(source: string, start: number, pattern: RegExp): number {
  let i = start;
  while (i < source.length && pattern.test(source[i]!)) i += 1;
  return i;
}

function readNumber(source: string, start: number): Token {
  let end = readWhile(source, start, DIGIT);
  if (source[end] === '.' && DIGIT.test(source[end + 1] ?? '')) end = readWhile(source, end + 1, DIGIT);
  return { kind: 'number', text: source.slice(start, end), start, end };
}

/** Splits expression source into tokens, ending with one `end` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === '"' || char === "'") {
      tokens.push(readString(source, i));
    } else if (DIGIT.test(char)) {
      tokens.push(readNumber(source, i));
    } else if (NAME_START.test(char)) {
      const end = readWhile(source, i, NAME_PART);
      tokens.push({ kind: 'name', text: source.slice(i, end), start: i, end });
    } else if (char === '#') {
      const end = readWhile(source, i + 1, FIELD_ID_PART);
      if (end === i + 1) throw new SyntaxProblem('"#" must be followed by a field id', { start: i, end: i + 1 });
      tokens.push({ kind: 'fieldId', text: source.slice(i + 1, end), start: i, end });
    } else {
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (!punct) throw new SyntaxProblem(`unexpected character "${char}"`, { start: i, end: i + 1 });
      tokens.push({ kind: 'punct', text: punct, start: i, end: i + punct.length });
    }
    i = tokens.at(-1)!.end;
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}
