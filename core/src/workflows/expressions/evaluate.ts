import type { Expr } from '../../expression-syntax';
import type { MemberType } from './expression-types';
import { formatValue } from './format-value';
import { EXPRESSION_FUNCTIONS } from './function-library';
import { boundedText, type EvalContext, EvalProblem } from './function-types';
import { sameValue } from './general-functions';
import { isDataMap, ownMember, type Value } from './values';

/** Values of the names an expression starts from (`record`, `actor`, `steps`, ...). */
export type ScopeValues = ReadonlyMap<string, Value>;

/** A run-time failure located at the node that failed, for the caller's error message. */
export class EvalFailure extends Error {
  constructor(
    message: string,
    readonly node: Expr,
  ) {
    super(message);
  }
}

function compare(operator: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) {
    throw new EvalProblem(`cannot order ${formatValue(a)} against ${formatValue(b)}`);
  }
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function arithmetic(operator: string, a: Value, b: Value): Value {
  if (operator === '+' && (typeof a === 'string' || typeof b === 'string')) {
    return boundedText(formatValue(a) + formatValue(b));
  }
  if (a === null || b === null) return null;
  if (typeof a !== 'number' || typeof b !== 'number') throw new EvalProblem(`"${operator}" needs numbers`);
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      if (b === 0) throw new EvalProblem('division by zero');
      return operator === '/' ? a / b : a % b;
  }
}

class Evaluator {
  constructor(
    private readonly scope: ScopeValues,
    private readonly members: ReadonlyMap<Expr, MemberType>,
    private readonly context: EvalContext,
  ) {}

  run(expr: Expr): Value {
    try {
      return this.value(expr);
    } catch (error) {
      if (error instanceof EvalProblem) throw new EvalFailure(error.message, expr);
      throw error;
    }
  }

  private value(expr: Expr): Value {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'name':
        return this.scope.get(expr.name) ?? null;
      case 'member': {
        const object = this.run(expr.object);
        if (object === null) return null;
        if (!isDataMap(object)) throw new EvalProblem('only a record or an object has fields');
        const key = this.members.get(expr)?.key ?? expr.key.name;
        if (key === undefined) throw new EvalProblem('this field id is not a field of the object');
        return ownMember(object, key);
      }
      case 'index': {
        const list = this.run(expr.object);
        const index = this.run(expr.index);
        if (list === null || index === null) return null;
        if (!Array.isArray(list)) throw new EvalProblem('only a list takes a position [n]');
        if (typeof index !== 'number' || !Number.isInteger(index))
          throw new EvalProblem('a list position is a whole number');
        return list[index] ?? null;
      }
      case 'call': {
        // The checker resolved the callee; the library map is closed, so this cannot miss.
        const fn = EXPRESSION_FUNCTIONS.get(expr.callee)!;
        return fn.call(
          expr.args.map((arg) => this.run(arg)),
          this.context,
        );
      }
      case 'list':
        return expr.items.map((item) => this.run(item));
      case 'unary': {
        const operand = this.run(expr.operand);
        if (expr.operator === '!') return operand !== true;
        if (operand === null) return null;
        if (typeof operand !== 'number') throw new EvalProblem('"-" needs a number');
        return -operand;
      }
      case 'binary':
        return this.binary(expr);
      case 'conditional':
        return this.run(expr.test) === true ? this.run(expr.then) : this.run(expr.otherwise);
    }
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): Value {
    const { operator } = expr;
    const left = this.run(expr.left);
    if (operator === '&&') return left === true && this.run(expr.right) === true;
    if (operator === '||') return left === true || this.run(expr.right) === true;
    if (operator === '??') return left ?? this.run(expr.right);
    const right = this.run(expr.right);
    switch (operator) {
      case '==':
        return sameValue(left, right);
      case '!=':
        return !sameValue(left, right);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return compare(operator, left, right);
      default:
        return arithmetic(operator, left, right);
    }
  }
}

/** Evaluates a checked expression; throws `EvalFailure` naming the node that failed. */
export function evaluateExpression(
  expr: Expr,
  members: ReadonlyMap<Expr, MemberType>,
  scope: ScopeValues,
  context: EvalContext,
): Value {
  return new Evaluator(scope, members, context).run(expr);
}
