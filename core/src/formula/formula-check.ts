import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import {
  BINARY_OPERATORS,
  type FormulaNode,
  type FormulaOperator,
  type FormulaResultType,
  formulaReferences,
  type ValueType,
} from './formula-ast';
import { FORMULA_STANDARD_FIELDS, formulaValueType, relationStep, resolveReference } from './formula-fields';
import { commonType, FORMULA_FUNCTIONS } from './formula-functions';
import { formulaError, type ParsedNode, parseFormula } from './formula-parser';

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const COMPARISON = new Set(['=', '!=', '<', '<=', '>', '>=']);
const isOperator = (op: string): op is FormulaOperator =>
  op === 'not' || op === 'neg' || (BINARY_OPERATORS as readonly string[]).includes(op);

/** Whether the formula `field` reads `targetId`, directly or through other formulas. */
function readsField(snapshot: WorkspaceSnapshot, object: ObjectMetadata, field: FieldMetadata, targetId: string) {
  const seen = new Set<string>();
  const walk = (owner: ObjectMetadata, formula: FieldMetadata): boolean => {
    if (formula.id === targetId) return true;
    if (seen.has(formula.id) || !formula.settings.formula) return false;
    seen.add(formula.id);
    return formulaReferences(formula.settings.formula.expression).some((ref) => {
      const resolved = resolveReference(snapshot, owner, ref);
      return resolved?.field?.type === 'FORMULA' ? walk(resolved.object, resolved.field) : ref.field === targetId;
    });
  };
  return walk(object, field);
}

/**
 * Resolves and type-checks the formula `source` of the field `self` on `object`: names become
 * field ids, every node gets its type, and the result must be `resultType`. Errors are
 * BAD_USER_INPUT on `path` with the position of the offending part.
 */
export function checkFormula(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  self: Pick<FieldMetadata, 'id' | 'name'>,
  source: string,
  resultType: FormulaResultType,
  path: string,
): FormulaNode {
  const fail = (node: { at: number }, message: string, length = 1) => formulaError(path, node.at, length, message);

  const reference = (node: Extract<ParsedNode, { k: 'ref' }>): FormulaNode => {
    const length = node.path.join('.').length;
    if (node.path.length > 2)
      throw fail(node, 'Read fields of the record or of one many-to-one relation (relation.field) only', length);
    let owner = object;
    let via: FieldMetadata | null = null;
    if (node.path.length === 2) {
      const name = node.path[0] as string;
      via = object.fields.find((f) => f.name === name) ?? null;
      const target = via ? relationStep(snapshot, via) : null;
      if (!via || !target)
        throw fail(node, `${object.nameSingular} has no many-to-one relation "${name}"`, name.length);
      owner = target;
    }
    const name = node.path[node.path.length - 1] as string;
    const at = { at: node.ats[node.ats.length - 1] as number };
    const standard = FORMULA_STANDARD_FIELDS[name];
    if (standard) return { k: 'ref', via: via?.id ?? null, field: name, t: standard };
    const field = owner.fields.find((f) => f.name === name);
    if (!field) throw fail(at, `${owner.nameSingular} has no field "${name}"`, name.length);
    if (field.id === self.id || (field.type === 'FORMULA' && readsField(snapshot, owner, field, self.id)))
      throw fail(at, `"${name}" reads this formula itself; a formula cannot depend on itself`, name.length);
    const type = formulaValueType(field);
    if (!type) throw fail(at, `${field.type} fields cannot be read by a formula ("${name}")`, name.length);
    return { k: 'ref', via: via?.id ?? null, field: field.id, t: type };
  };

  const operator = (node: Extract<ParsedNode, { k: 'op' }>): FormulaNode => {
    const args = node.args.map(resolve);
    const types = args.map((a) => a.t);
    const op = node.op;
    if (!isOperator(op)) throw fail(node, `Unknown operator "${op}"`);
    const every = (want: ValueType) => types.every((t) => t === want || t === 'NULL');
    let t: ValueType;
    if (ARITHMETIC.has(op) || op === 'neg') {
      if (!every('NUMBER'))
        throw fail(
          node,
          `"${op === 'neg' ? '-' : op}" works on numbers, not ${types.join(' and ')}${op === '+' ? '; join text with concat(...)' : ''}`,
        );
      t = 'NUMBER';
    } else if (COMPARISON.has(op)) {
      if (commonType(types) === null)
        throw fail(node, `"${op}" compares ${types[0]} with ${types[1]}; compare values of one type`);
      t = 'BOOLEAN';
    } else {
      if (!every('BOOLEAN'))
        throw fail(node, `"${op}" works on true/false values, not ${types.join(' and ')}`, op.length);
      t = 'BOOLEAN';
    }
    return { k: 'op', op, args, t };
  };

  function resolve(node: ParsedNode): FormulaNode {
    switch (node.k) {
      case 'num':
        return { k: 'num', v: node.v, t: 'NUMBER' };
      case 'str':
        return { k: 'str', v: node.v, t: 'TEXT' };
      case 'bool':
        return { k: 'bool', v: node.v, t: 'BOOLEAN' };
      case 'null':
        return { k: 'null', t: 'NULL' };
      case 'ref':
        return reference(node);
      case 'op':
        return operator(node);
      case 'call': {
        const fn = FORMULA_FUNCTIONS[node.fn];
        if (!fn) throw fail(node, `Unknown function "${node.fn}"`, node.fn.length);
        const args = node.args.map(resolve);
        const t = fn.check(args.map((a) => a.t));
        if (!isValueType(t)) throw fail(node, `${node.fn}${fn.signature} ${t}`, node.fn.length);
        return { k: 'call', fn: node.fn, args, t };
      }
    }
  }

  const tree = resolve(parseFormula(source, path));
  if (tree.t !== resultType && tree.t !== 'NULL') {
    const hint = resultType === 'TEXT' ? '; wrap it in text(...)' : '';
    throw formulaError(
      path,
      0,
      source.length,
      `The expression gives ${tree.t}, but the field's result type is ${resultType}${hint}`,
    );
  }
  return tree;
}

const VALUE_TYPES = new Set<string>(['NUMBER', 'TEXT', 'BOOLEAN', 'DATE', 'DATE_TIME', 'NULL']);
const isValueType = (value: string): value is ValueType => VALUE_TYPES.has(value);
