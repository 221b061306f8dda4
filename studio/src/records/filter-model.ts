import type { FieldMeta, FieldType } from '../api/metadata-types';
import type { Filter } from './records-api';

/** Operators the filter builder offers; `contains` is `ilike %x%` on the wire. */
export type Operator =
  | 'eq'
  | 'neq'
  | 'contains'
  | 'startsWith'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'notIn'
  | 'containsAny'
  | 'containsAll'
  | 'isNull'
  | 'isNotNull';

export const OPERATOR_LABELS: Record<Operator, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  startsWith: 'starts with',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'is any of',
  notIn: 'is none of',
  containsAny: 'has any of',
  containsAll: 'has all of',
  isNull: 'is empty',
  isNotNull: 'is not empty',
};

const TEXT_OPS: Operator[] = ['contains', 'eq', 'neq', 'startsWith', 'isNull', 'isNotNull'];
const NUMBER_OPS: Operator[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isNull', 'isNotNull'];
const DATE_OPS: Operator[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'isNull', 'isNotNull'];

const OPERATORS: Partial<Record<FieldType, Operator[]>> = {
  TEXT: TEXT_OPS,
  RICH_TEXT: TEXT_OPS,
  EMAIL: TEXT_OPS,
  PHONE: TEXT_OPS,
  URL: TEXT_OPS,
  NUMBER: NUMBER_OPS,
  RATING: NUMBER_OPS,
  CURRENCY: NUMBER_OPS,
  DATE: DATE_OPS,
  DATE_TIME: DATE_OPS,
  BOOLEAN: ['eq', 'isNull', 'isNotNull'],
  SELECT: ['in', 'notIn', 'eq', 'neq', 'isNull', 'isNotNull'],
  MULTI_SELECT: ['containsAny', 'containsAll', 'isNull', 'isNotNull'],
  FULL_NAME: TEXT_OPS,
  RELATION: ['eq', 'neq', 'isNull', 'isNotNull'],
};

/** The operators that make sense for a field; empty when it cannot be filtered. */
export function operatorsFor(field: FieldMeta): Operator[] {
  if (field.type === 'RELATION' && field.settings.relation?.kind !== 'MANY_TO_ONE') return [];
  return OPERATORS[field.type] ?? [];
}

/** Operators that need no value. */
export function isUnary(op: Operator): boolean {
  return op === 'isNull' || op === 'isNotNull';
}

export interface Condition {
  kind: 'condition';
  id: number;
  field: string;
  operator: Operator;
  value: unknown;
}

export interface Group {
  kind: 'group';
  id: number;
  conjunction: 'and' | 'or';
  items: (Condition | Group)[];
}

let nextId = 1;

export function newCondition(field: FieldMeta): Condition {
  return { kind: 'condition', id: nextId++, field: field.name, operator: operatorsFor(field)[0] ?? 'eq', value: null };
}

export function newGroup(conjunction: 'and' | 'or' = 'and'): Group {
  return { kind: 'group', id: nextId++, conjunction, items: [] };
}

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function predicate(op: Operator, value: unknown): Record<string, unknown> {
  if (op === 'isNull') return { isNull: true };
  if (op === 'isNotNull') return { isNull: false };
  if (op === 'contains') return { ilike: `%${String(value)}%` };
  return { [op]: value };
}

function compileCondition(condition: Condition, fields: FieldMeta[]): Filter | null {
  const field = fields.find((f) => f.name === condition.field);
  if (!field) return null;
  if (!isUnary(condition.operator) && !hasValue(condition.value)) return null;
  const pred = predicate(condition.operator, condition.value);
  switch (field.type) {
    case 'CURRENCY':
      return { [field.name]: { amount: pred } };
    case 'FULL_NAME':
      return isUnary(condition.operator)
        ? { [field.name]: { firstName: pred } }
        : { or: [{ [field.name]: { firstName: pred } }, { [field.name]: { lastName: pred } }] };
    case 'RELATION': {
      const id = (condition.value as { id?: string } | null)?.id ?? condition.value;
      return { [`${field.name}Id`]: isUnary(condition.operator) ? pred : predicate(condition.operator, id) };
    }
    default:
      return { [field.name]: pred };
  }
}

/** Compiles the builder's tree to the API's filter input; incomplete conditions are skipped. */
export function compileFilter(group: Group, fields: FieldMeta[]): Filter | null {
  const parts = group.items
    .map((item) => (item.kind === 'group' ? compileFilter(item, fields) : compileCondition(item, fields)))
    .filter((f): f is Filter => f !== null);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return { [group.conjunction]: parts };
}

/** Number of conditions in a tree, for the "Filter (3)" badge. */
export function countConditions(group: Group): number {
  return group.items.reduce((n, item) => n + (item.kind === 'group' ? countConditions(item) : 1), 0);
}

/** Combines two filters with `and`, either may be missing. */
export function andFilters(a: Filter | null, b: Filter | null): Filter | null {
  if (!a) return b;
  if (!b) return a;
  return { and: [a, b] };
}

/** The field shape a condition's value editor uses (a currency filters by amount, a select by many values). */
export function valueField(field: FieldMeta, op: Operator): FieldMeta {
  if (field.type === 'CURRENCY') return { ...field, type: 'NUMBER' };
  if (field.type === 'FULL_NAME' || field.type === 'RICH_TEXT') return { ...field, type: 'TEXT' };
  if (field.type === 'SELECT' && (op === 'in' || op === 'notIn')) return { ...field, type: 'MULTI_SELECT' };
  return field;
}
