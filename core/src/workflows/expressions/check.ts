import { type Expr, type MemberKey, SyntaxProblem, UNREACHABLE_NAMES } from '../../expression-syntax';
import {
  ANY,
  accepts,
  BOOLEAN,
  describeType,
  type ExprType,
  listOf,
  type MemberType,
  NULL,
  NUMBER,
  type ScopeType,
  TEXT,
  type TypeKind,
  unionType,
} from './expression-types';
import { EXPRESSION_FUNCTIONS } from './function-library';
import type { ParamSpec } from './function-types';

/** What checking learnt: the type, and the metadata field each member step resolved to. */
export interface CheckResult {
  type: ExprType;
  /** Member nodes resolved to metadata members; evaluation reads their data keys from here. */
  members: ReadonlyMap<Expr, MemberType>;
}

const ORDERED: ReadonlySet<TypeKind> = new Set(['number', 'text', 'date', 'datetime']);
const isLoose = (type: ExprType) => type.kind === 'any' || type.kind === 'null';

function paramAccepts(param: ParamSpec, type: ExprType): boolean {
  if (isLoose(type) || param.accepts.includes('any')) return true;
  if (param.accepts.includes(type.kind)) return true;
  // Text stands for a date (`"2026-01-31"`), checked when evaluated.
  return type.kind === 'text' && (param.accepts.includes('date') || param.accepts.includes('datetime'));
}

class Checker {
  readonly members = new Map<Expr, MemberType>();

  constructor(private readonly scope: ScopeType) {}

  check(expr: Expr): ExprType {
    switch (expr.kind) {
      case 'literal':
        if (expr.value === null) return NULL;
        return typeof expr.value === 'string' ? TEXT : typeof expr.value === 'number' ? NUMBER : BOOLEAN;
      case 'name': {
        const type = this.scope.get(expr.name);
        if (!type) {
          const known = [...this.scope.keys()].join(', ');
          throw new SyntaxProblem(`unknown name "${expr.name}" (expressions start from ${known})`, expr);
        }
        return type;
      }
      case 'member':
        return this.member(expr, this.check(expr.object), expr.key);
      case 'index': {
        const list = this.check(expr.object);
        this.expect(expr.index, [NUMBER], 'a list position');
        if (list.kind === 'list') return list.of;
        if (isLoose(list)) return ANY;
        throw new SyntaxProblem(`${describeType(list)} is not a list: only lists take a position [n]`, expr.object);
      }
      case 'call':
        return this.call(expr);
      case 'list':
        return listOf(expr.items.reduce<ExprType>((type, item) => unionType(type, this.check(item)), NULL));
      case 'unary':
        this.expect(expr.operand, [expr.operator === '!' ? BOOLEAN : NUMBER], `the operand of "${expr.operator}"`);
        return expr.operator === '!' ? BOOLEAN : NUMBER;
      case 'binary':
        return this.binary(expr);
      case 'conditional': {
        this.expect(expr.test, [BOOLEAN], 'the condition before "?"');
        const then = this.check(expr.then);
        const otherwise = this.check(expr.otherwise);
        if (!isLoose(then) && !isLoose(otherwise) && then.kind !== otherwise.kind) {
          throw new SyntaxProblem(`the two branches give ${describeType(then)} and ${describeType(otherwise)}`, expr);
        }
        return unionType(then, otherwise);
      }
    }
  }

  private expect(expr: Expr, allowed: ExprType[], role: string): ExprType {
    const type = this.check(expr);
    if (!allowed.some((wanted) => accepts(wanted, type))) {
      throw new SyntaxProblem(
        `${role} must be ${allowed.map(describeType).join(' or ')}, not ${describeType(type)}`,
        expr,
      );
    }
    return type;
  }

  private member(expr: Expr, object: ExprType, key: MemberKey): ExprType {
    // Reachable only as a field the metadata declares (a user may name a field `constructor`);
    // its value is then read as an own key of a prototype-free map.
    const declared = object.kind === 'object' && key.name !== undefined && object.members.has(key.name);
    if (key.name !== undefined && UNREACHABLE_NAMES.has(key.name) && !declared) {
      throw new SyntaxProblem(`"${key.name}" cannot be used in an expression`, key.span);
    }
    if (object.kind === 'any' || object.kind === 'null') {
      if (key.id !== undefined) throw new SyntaxProblem('a field id applies only to a record', key.span);
      return ANY;
    }
    if (object.kind !== 'object') {
      throw new SyntaxProblem(`${describeType(object)} has no fields (use a function, e.g. length(...))`, key.span);
    }
    const member = key.id === undefined ? object.members.get(key.name) : object.byId?.get(key.id);
    if (!member) {
      const what = key.id === undefined ? `"${key.name}"` : `with id ${key.id} (it was deleted)`;
      throw new SyntaxProblem(`${object.label} has no field ${what}`, key.span);
    }
    this.members.set(expr, member);
    return member.type;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): ExprType {
    const fn = EXPRESSION_FUNCTIONS.get(expr.callee);
    if (!fn) throw new SyntaxProblem(`unknown function "${expr.callee}"`, expr.calleeSpan);
    const required = fn.params.filter((p) => !p.optional).length;
    const max = fn.variadic ? Number.POSITIVE_INFINITY : fn.params.length;
    if (expr.args.length < required || expr.args.length > max) {
      const wanted = fn.variadic ? `at least ${required}` : required === max ? `${required}` : `${required} to ${max}`;
      throw new SyntaxProblem(`${expr.callee}() takes ${wanted} argument(s), not ${expr.args.length}`, expr);
    }
    const types = expr.args.map((arg, i) => {
      const param = fn.params[Math.min(i, fn.params.length - 1)]!;
      const type = this.check(arg);
      if (!paramAccepts(param, type)) {
        const allowed = param.accepts.join(' or ');
        throw new SyntaxProblem(`${param.name} of ${expr.callee}() must be ${allowed}, not ${describeType(type)}`, arg);
      }
      return type;
    });
    return fn.result(types);
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): ExprType {
    const { operator } = expr;
    if (operator === '&&' || operator === '||') {
      this.expect(expr.left, [BOOLEAN], `the left side of "${operator}"`);
      this.expect(expr.right, [BOOLEAN], `the right side of "${operator}"`);
      return BOOLEAN;
    }
    const left = this.check(expr.left);
    const right = this.check(expr.right);
    if (operator === '??') return unionType(left, right);
    const mismatch = () =>
      new SyntaxProblem(`"${operator}" cannot combine ${describeType(left)} with ${describeType(right)}`, expr);
    const sameOrLoose = isLoose(left) || isLoose(right) || accepts(left, right) || accepts(right, left);
    switch (operator) {
      case '==':
      case '!=':
        if (!sameOrLoose) throw mismatch();
        return BOOLEAN;
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const concrete = isLoose(left) || left.kind === 'text' ? right : left;
        if (!sameOrLoose || (!isLoose(concrete) && !ORDERED.has(concrete.kind))) throw mismatch();
        return BOOLEAN;
      }
      case '+':
        if (left.kind === 'text' || right.kind === 'text') return TEXT;
        if (isLoose(left) || isLoose(right)) {
          if ([left, right].every((t) => isLoose(t) || t.kind === 'number')) return ANY;
          throw mismatch();
        }
        if (left.kind === 'number' && right.kind === 'number') return NUMBER;
        throw mismatch();
      default:
        if (![left, right].every((t) => isLoose(t) || t.kind === 'number')) throw mismatch();
        return NUMBER;
    }
  }
}

/** Types an expression against the names in scope; throws `SyntaxProblem` at the offending part. */
export function checkExpression(expr: Expr, scope: ScopeType): CheckResult {
  const checker = new Checker(scope);
  const type = checker.check(expr);
  return { type, members: checker.members };
}
