import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { FormulaNode } from './formula-ast';
import { resolveReference } from './formula-fields';

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  neg: 7,
};
const ATOM = 8;

const precedence = (node: FormulaNode) => (node.k === 'op' ? (PRECEDENCE[node.op] ?? ATOM) : ATOM);

/**
 * The formula as users read and write it, with today's field names (stored by id, so a
 * renamed field shows its new name). Parentheses only where precedence needs them.
 */
export function printFormula(snapshot: WorkspaceSnapshot, object: ObjectMetadata, node: FormulaNode): string {
  const print = (n: FormulaNode, min: number): string => {
    const text = printNode(n);
    return precedence(n) < min ? `(${text})` : text;
  };
  function printNode(n: FormulaNode): string {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'str':
        return `'${n.v.replaceAll("'", "''")}'`;
      case 'bool':
        return String(n.v);
      case 'null':
        return 'null';
      case 'ref': {
        const resolved = resolveReference(snapshot, object, n);
        const name = resolved?.name ?? `?${n.field}`;
        return resolved?.via ? `${resolved.via.name}.${name}` : name;
      }
      case 'call':
        return `${n.fn}(${n.args.map((a) => print(a, 0)).join(', ')})`;
      case 'op': {
        const level = PRECEDENCE[n.op] ?? ATOM;
        if (n.op === 'not') return `not ${print(n.args[0] as FormulaNode, level)}`;
        if (n.op === 'neg') return `-${print(n.args[0] as FormulaNode, level)}`;
        // Left-associative: the right operand of the same level keeps its parentheses (a - (b - c)).
        const rightMin = level === 4 ? 5 : level + 1;
        const leftMin = level === 4 ? 5 : level;
        return `${print(n.args[0] as FormulaNode, leftMin)} ${n.op} ${print(n.args[1] as FormulaNode, rightMin)}`;
      }
    }
  }
  return print(node, 0);
}
