import { quoteIdent, quoteLiteral } from '../db';
import { FORMULA_FUNCTIONS, type FormulaNode, formulaOf, resolveReference } from '../formula';
import { type FieldMetadata, fieldColumns, type ObjectMetadata } from '../metadata';
import type { CompileContext } from './compile-context';
import { valueRead } from './computed-sql';
import { whereClause } from './filter-sql';
import { FORMULA_SQL_TYPES } from './object-fields';

const NUMBER_LITERAL = /^\d+(?:\.\d+)?$/;
const COMPARE: Record<string, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function referenceSql(
  ctx: CompileContext,
  object: ObjectMetadata,
  alias: string,
  node: Extract<FormulaNode, { k: 'ref' }>,
) {
  const resolved = resolveReference(ctx.snapshot, object, node);
  // The metadata service refuses changes that break a formula, so this is a bug, not bad input.
  if (!resolved) throw new Error(`a formula of ${object.nameSingular} reads a field that is gone`);
  if (!resolved.via) return valueRead(ctx, object, alias, resolved.field, resolved.name);
  const fk = fieldColumns(resolved.via)[0]?.column ?? '';
  const inner = ctx.alias();
  // The related record under its own rules: out of the reader's scope or deleted, it reads as null.
  const where = whereClause(ctx, 'formula', resolved.object, inner, null);
  const read = valueRead(ctx, resolved.object, inner, resolved.field, resolved.name);
  return `(select ${read} from ${ctx.table(resolved.object)} ${inner} where ${inner}."id" = ${alias}.${quoteIdent(fk)}${where ? ` and ${where}` : ''})`;
}

function nodeSql(ctx: CompileContext, object: ObjectMetadata, alias: string, node: FormulaNode): string {
  switch (node.k) {
    case 'num':
      if (!NUMBER_LITERAL.test(node.v)) throw new Error(`bad number literal in a formula of ${object.nameSingular}`);
      return `${node.v}::numeric`;
    case 'str':
      return `${quoteLiteral(node.v)}::text`;
    case 'bool':
      return String(node.v);
    case 'null':
      return 'null';
    case 'ref':
      return referenceSql(ctx, object, alias, node);
    case 'call': {
      const fn = FORMULA_FUNCTIONS[node.fn];
      if (!fn) throw new Error(`unknown formula function ${node.fn}`);
      const args = node.args.map((a) => nodeSql(ctx, object, alias, a));
      return fn.sql(
        args,
        node.args.map((a) => a.t),
      );
    }
    case 'op': {
      const [a, b] = node.args.map((arg) => nodeSql(ctx, object, alias, arg));
      switch (node.op) {
        case 'not':
          return `(not ${a})`;
        case 'neg':
          return `(-${a})`;
        case '/':
          // Division by zero gives null, like a missing value, instead of failing the whole query.
          return `(${a} / nullif(${b}, 0))`;
        case '%':
          return `mod(${a}, nullif(${b}, 0))`;
        case 'and':
        case 'or':
        case '+':
        case '-':
        case '*':
          return `(${a} ${node.op} ${b})`;
        default:
          return `(${a} ${COMPARE[node.op]} ${b})`;
      }
    }
  }
}

/**
 * The SQL of the FORMULA field `field` of `object` on the row `alias`, computed in the statement
 * (never per row in Node). Relation reads are correlated subqueries under the target's record
 * rules. The formula is readable only when every field it reads is (see permissions'
 * `hideUnreadableComputed`), so it reveals nothing the reader could not read itself.
 */
export function formulaSql(ctx: CompileContext, object: ObjectMetadata, field: FieldMetadata, alias: string): string {
  const formula = formulaOf(field);
  return `(${nodeSql(ctx, object, alias, formula.expression)})::${FORMULA_SQL_TYPES[formula.resultType]}`;
}
