import { type BinaryOperator, type Expr, type MemberKey, type Span, UNREACHABLE_NAMES } from './ast';
import { SyntaxProblem, type Token, tokenize } from './lexer';

/** Longest expression source accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** Deepest nesting accepted: keeps evaluation and checking far from the stack limit. */
export const MAX_EXPRESSION_DEPTH = 64;

// Binary operators by binding power; `and` / `or` are spelled words too.
// Maps, not object literals: a lookup of `constructor` or `__proto__` must miss.
const BINARY = new Map<string, { operator: BinaryOperator; power: number }>(
  Object.entries({
    '??': { operator: '??', power: 1 },
    '||': { operator: '||', power: 2 },
    or: { operator: '||', power: 2 },
    '&&': { operator: '&&', power: 3 },
    and: { operator: '&&', power: 3 },
    '==': { operator: '==', power: 4 },
    '!=': { operator: '!=', power: 4 },
    '<': { operator: '<', power: 5 },
    '<=': { operator: '<=', power: 5 },
    '>': { operator: '>', power: 5 },
    '>=': { operator: '>=', power: 5 },
    '+': { operator: '+', power: 6 },
    '-': { operator: '-', power: 6 },
    '*': { operator: '*', power: 7 },
    '/': { operator: '/', power: 7 },
    '%': { operator: '%', power: 7 },
  }),
);
const KEYWORD_VALUES = new Map<string, null | boolean>([
  ['null', null],
  ['true', true],
  ['false', false],
]);

function unreachable(name: string, span: Span): never {
  throw new SyntaxProblem(`"${name}" cannot be used in an expression`, span);
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const expr = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') throw new SyntaxProblem(`unexpected "${next.text}"`, next);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === text;
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) {
      throw new SyntaxProblem(
        `expected "${text}" but found ${token.kind === 'end' ? 'the end' : `"${token.text}"`}`,
        token,
      );
    }
    return token;
  }

  private descend(span: Span): void {
    this.depth += 1;
    if (this.depth > MAX_EXPRESSION_DEPTH) {
      throw new SyntaxProblem(`nested deeper than ${MAX_EXPRESSION_DEPTH} levels`, span);
    }
  }

  private nested<T>(span: Span, parse: () => T): T {
    this.descend(span);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private expression(): Expr {
    return this.nested(this.peek(), () => {
      const test = this.binary(0);
      if (!this.isPunct('?')) return test;
      this.next();
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      return { kind: 'conditional', test, then, otherwise, start: test.start, end: otherwise.end };
    });
  }

  private binaryOperator(minPower: number): { operator: BinaryOperator; power: number } | null {
    const token = this.peek();
    if (token.kind !== 'punct' && token.kind !== 'name') return null;
    const entry = BINARY.get(token.text);
    return entry && entry.power > minPower ? entry : null;
  }

  private binary(minPower: number): Expr {
    let left = this.unary();
    // A chain `a + b + c` nests to the left as it grows: it counts toward the depth limit too.
    const depth = this.depth;
    try {
      for (let entry = this.binaryOperator(minPower); entry; entry = this.binaryOperator(minPower)) {
        this.next();
        const right = this.nested(left, () => this.binary(entry.power));
        left = { kind: 'binary', operator: entry.operator, left, right, start: left.start, end: right.end };
        this.descend(left);
      }
      return left;
    } finally {
      this.depth = depth;
    }
  }

  private unary(): Expr {
    const token = this.peek();
    const negate = token.kind === 'punct' && token.text === '-';
    const not = (token.kind === 'punct' && token.text === '!') || (token.kind === 'name' && token.text === 'not');
    if (!negate && !not) return this.postfix(this.primary());
    this.next();
    const operand = this.nested(token, () => this.unary());
    return { kind: 'unary', operator: negate ? '-' : '!', operand, start: token.start, end: operand.end };
  }

  private memberKey(): MemberKey {
    const token = this.next();
    if (token.kind === 'fieldId') return { id: token.text, span: token };
    if (token.kind !== 'name') throw new SyntaxProblem('expected a field name after "."', token);
    // `constructor` may still name a metadata field: the checker decides (see `Checker.member`).
    return { name: token.text, span: token };
  }

  private postfix(base: Expr): Expr {
    let expr = base;
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const key = this.memberKey();
        expr = { kind: 'member', object: expr, key, start: expr.start, end: key.span.end };
      } else if (this.isPunct('[')) {
        this.next();
        const index = this.expression();
        const close = this.expect(']');
        expr = { kind: 'index', object: expr, index, start: expr.start, end: close.end };
      } else if (this.isPunct('(')) {
        throw new SyntaxProblem('only library functions can be called, by their name', this.peek());
      } else {
        return expr;
      }
    }
  }

  private list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.isPunct(close)) {
      items.push(this.expression());
      if (!this.isPunct(close)) this.expect(',');
    }
    return items;
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: Number(token.text), start: token.start, end: token.end };
      case 'string':
        return { kind: 'literal', value: token.text, start: token.start, end: token.end };
      case 'name':
        return this.named(token);
      case 'punct':
        return this.bracketed(token);
      default:
        throw new SyntaxProblem(
          token.kind === 'end' ? 'the expression is incomplete' : 'a field id can only follow "."',
          token,
        );
    }
  }

  private named(token: Token): Expr {
    const keyword = KEYWORD_VALUES.get(token.text);
    if (keyword !== undefined) return { kind: 'literal', value: keyword, start: token.start, end: token.end };
    if (UNREACHABLE_NAMES.has(token.text)) unreachable(token.text, token);
    if (!this.isPunct('(')) return { kind: 'name', name: token.text, start: token.start, end: token.end };
    this.next();
    const args = this.list(')');
    const close = this.expect(')');
    return { kind: 'call', callee: token.text, calleeSpan: token, args, start: token.start, end: close.end };
  }

  private bracketed(token: Token): Expr {
    if (token.text === '(') {
      const inner = this.expression();
      const close = this.expect(')');
      return { ...inner, start: token.start, end: close.end };
    }
    if (token.text === '[') {
      const items = this.list(']');
      const close = this.expect(']');
      return { kind: 'list', items, start: token.start, end: close.end };
    }
    throw new SyntaxProblem(`unexpected "${token.text}"`, token);
  }
}

/** Parses expression source into a syntax tree; throws `SyntaxProblem` with the offending span. */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new SyntaxProblem(`is longer than ${MAX_EXPRESSION_LENGTH} characters`, { start: 0, end: 0 });
  }
  return new Parser(tokenize(source)).parseAll();
}
