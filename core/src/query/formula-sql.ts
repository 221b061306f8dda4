import { quoteIdent, quoteLiteral } from '../db';
import { FORMULA_FUNCTIONS, type FormulaNode, formulaOf, resolveReference } from '../formula';
import { type FieldMetadata, fieldColumns, type ObjectMetadata, STANDARD_FIELDS } from '../metadata';
import { columnRead, shownColumn } from './column-sql';
import type { CompileContext } from './compile-context';
import { whereClause } from './filter-sql';
import { FORMULA_SQL_TYPES } from './object-fields';

const NUMBER_LITERAL = /^\d+(?:\.\d+)?$/;
const COMPARE: Record<string, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** How one stored field of `owner` (row `alias`) reads as a formula value. */
function fieldRead(
  ctx: CompileContext,
  owner: ObjectMetadata,
  alias: string,
  field: FieldMetadata | null,
  name: string,
) {
  if (!field) {
    const column = STANDARD_FIELDS[name as keyof typeof STANDARD_FIELDS];
    return columnRead(alias, column, shownColumn(ctx, owner, { name, field: null }));
  }
  if (field.type === 'FORMULA') return formulaSql(ctx, owner, field, alias);
  const column = fieldColumns(field)[0];
  if (!column) throw new Error(`${owner.nameSingular}.${field.name} has no column a formula can read`);
  const read = `${alias}.${quoteIdent(column.column)}`;
  return field.type === 'RATING' ? `${read}::numeric` : read;
}

function referenceSql(
  ctx: CompileContext,
  object: ObjectMetadata,
  alias: string,
  node: Extract<FormulaNode, { k: 'ref' }>,
) {
  const resolved = resolveReference(ctx.snapshot, object, node);
  // The metadata service refuses changes that break a formula, so this is a bug, not bad input.
  if (!resolved) throw new Error(`a formula of ${object.nameSingular} reads a field that is gone`);
  if (!resolved.via) return fieldRead(ctx, object, alias, resolved.field, resolved.name);
  const fk = fieldColumns(resolved.via)[0]?.column ?? '';
  const inner = ctx.alias();
  // The related record under its own rules: out of the reader's scope or deleted, it reads as null.
  const where = whereClause(ctx, 'formula', resolved.object, inner, null);
  const read = fieldRead(ctx, resolved.object, inner, resolved.field, resolved.name);
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
 * `hideUnreadableFormulas`), so it reveals nothing the reader could not read itself.
 */
export function formulaSql(ctx: CompileContext, object: ObjectMetadata, field: FieldMetadata, alias: string): string {
  const formula = formulaOf(field);
  return `(${nodeSql(ctx, object, alias, formula.expression)})::${FORMULA_SQL_TYPES[formula.resultType]}`;
}
