import { badInput } from '../errors';

/** A parsed formula before its names are resolved; `at` is the 0-based offset in the source. */
export type ParsedNode =
  | { k: 'num'; v: string; at: number }
  | { k: 'str'; v: string; at: number }
  | { k: 'bool'; v: boolean; at: number }
  | { k: 'null'; at: number }
  /** `ats`: where each name of the path starts. */
  | { k: 'ref'; path: string[]; at: number; ats: number[] }
  | { k: 'op'; op: string; args: ParsedNode[]; at: number }
  | { k: 'call'; fn: string; args: ParsedNode[]; at: number };

interface Token {
  kind: 'num' | 'str' | 'name' | 'punct' | 'end';
  text: string;
  at: number;
}

const MAX_LENGTH = 4000;
const MAX_DEPTH = 64;
const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^']|'')*')|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|!=|<>|[-+*/%=<>(),.]))/y;

/** The error of a formula, pointing at the offending part (`details.position`, 0-based). */
export function formulaError(path: string, at: number, length: number, message: string) {
  return badInput(path, `${message} (at position ${at + 1})`, { position: at, length });
}

function tokenize(source: string, path: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      if (/^\s*$/.test(source.slice(start))) break;
      const at = start + (source.slice(start).length - source.slice(start).trimStart().length);
      const unclosed = source[at] === "'";
      throw formulaError(path, at, 1, unclosed ? 'This text is not closed with a quote' : `Unexpected "${source[at]}"`);
    }
    const at = TOKEN.lastIndex - match[0].trimStart().length;
    const [, num, str, name, punct] = match;
    if (num !== undefined) tokens.push({ kind: 'num', text: num, at });
    else if (str !== undefined) tokens.push({ kind: 'str', text: str.slice(1, -1).replaceAll("''", "'"), at });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name, at });
    else tokens.push({ kind: 'punct', text: punct === '<>' ? '!=' : (punct ?? ''), at });
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/**
 * Parses a formula (`amount * probability / 100`, `if(stage = 'WON', amount, 0)`): numbers,
 * 'text' ('' inside for a quote), true/false/null, field names (`company.name` through a
 * many-to-one relation), function calls, `+ - * / %`, comparisons, `and`, `or`, `not`.
 * Names and keywords are case-sensitive except `and`/`or`/`not`/`true`/`false`/`null`.
 * Errors are BAD_USER_INPUT on `path` with the offending position.
 */
export function parseFormula(source: string, path: string): ParsedNode {
  if (source.trim() === '') throw formulaError(path, 0, 0, 'Write an expression');
  if (source.length > MAX_LENGTH) throw formulaError(path, MAX_LENGTH, 0, `Use at most ${MAX_LENGTH} characters`);
  const tokens = tokenize(source, path);
  let i = 0;
  let depth = 0;
  const peek = () => tokens[i] as Token;
  const next = () => tokens[i++] as Token;
  const keyword = (word: string) => peek().kind === 'name' && peek().text.toLowerCase() === word;
  const punct = (text: string) => peek().kind === 'punct' && peek().text === text;
  const expect = (text: string) => {
    if (!punct(text)) throw unexpected(`Expected "${text}"`);
    next();
  };
  const unexpected = (message: string) => {
    const token = peek();
    const found = token.kind === 'end' ? 'the end of the expression' : `"${token.text}"`;
    return formulaError(path, token.at, token.text.length, `${message}, found ${found}`);
  };
  const binary = (operand: () => ParsedNode, matches: () => string | null) => (): ParsedNode => {
    let left = operand();
    for (let op = matches(); op !== null; op = matches()) {
      const at = next().at;
      left = { k: 'op', op, args: [left, operand()], at };
    }
    return left;
  };
  const primary = (): ParsedNode => {
    const token = peek();
    if (token.kind === 'num') return next() && { k: 'num', v: token.text, at: token.at };
    if (token.kind === 'str') return next() && { k: 'str', v: token.text, at: token.at };
    if (punct('(')) {
      next();
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token.kind !== 'name') throw unexpected('Expected a value, a field or a function');
    next();
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { k: 'bool', v: lower === 'true', at: token.at };
    if (lower === 'null') return { k: 'null', at: token.at };
    if (punct('(')) {
      next();
      const args: ParsedNode[] = [];
      if (!punct(')')) {
        args.push(expression());
        while (punct(',')) {
          next();
          args.push(expression());
        }
      }
      expect(')');
      return { k: 'call', fn: token.text, args, at: token.at };
    }
    const path = [token.text];
    const ats = [token.at];
    while (punct('.')) {
      next();
      if (peek().kind !== 'name') throw unexpected('Expected a field name after "."');
      ats.push(peek().at);
      path.push(next().text);
    }
    return { k: 'ref', path, at: token.at, ats };
  };
  const unary = (): ParsedNode => {
    if (punct('-')) {
      const at = next().at;
      return { k: 'op', op: 'neg', args: [unary()], at };
    }
    return primary();
  };
  const product = binary(unary, () => (punct('*') || punct('/') || punct('%') ? peek().text : null));
  const sum = binary(product, () => (punct('+') || punct('-') ? peek().text : null));
  const comparison = (): ParsedNode => {
    const left = sum();
    if (peek().kind !== 'punct' || !COMPARISONS.has(peek().text)) return left;
    const { text: op, at } = next();
    return { k: 'op', op, args: [left, sum()], at };
  };
  const negation = (): ParsedNode => {
    if (!keyword('not')) return comparison();
    const at = next().at;
    return { k: 'op', op: 'not', args: [negation()], at };
  };
  const conjunction = binary(negation, () => (keyword('and') ? 'and' : null));
  const disjunction = binary(conjunction, () => (keyword('or') ? 'or' : null));
  function expression(): ParsedNode {
    if (++depth > MAX_DEPTH) throw formulaError(path, peek().at, 0, 'The expression is nested too deeply');
    try {
      return disjunction();
    } finally {
      depth--;
    }
  }
  const tree = expression();
  if (peek().kind !== 'end') throw unexpected('Expected an operator or the end of the expression');
  return tree;
}
