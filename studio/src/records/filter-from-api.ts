import type { FieldMeta } from '../api/metadata-types';
import { type Condition, type Group, newGroup, type Operator, operatorsFor } from './filter-model';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function condition(field: FieldMeta, predicate: Record<string, unknown>): Condition | null {
  const [op, value] = Object.entries(predicate)[0] ?? [];
  if (op === undefined) return null;
  let operator = op as Operator;
  let parsed = value;
  if (op === 'isNull') operator = value === false ? 'isNotNull' : 'isNull';
  else if (op === 'ilike' && typeof value === 'string' && /^%.*%$/.test(value)) {
    operator = 'contains';
    parsed = value.slice(1, -1);
  }
  if (!operatorsFor(field).includes(operator)) return null;
  return { kind: 'condition', id: 0, field: field.name, operator, value: parsed ?? null };
}

/**
 * The filter builder's tree for a stored API filter (the inverse of `compileFilter`), so a saved
 * filter (a roll-up's, a segment's) opens in the builder. Returns null when a part of it is
 * something the builder cannot show (then the caller keeps the filter as it is).
 */
export function groupFromFilter(filter: unknown, fields: FieldMeta[]): Group | null {
  const group = newGroup('and');
  if (filter === null || filter === undefined) return group;
  if (!isRecord(filter)) return null;
  for (const [key, value] of Object.entries(filter)) {
    if ((key === 'and' || key === 'or') && Array.isArray(value)) {
      const nested = newGroup(key);
      for (const item of value) {
        const sub = groupFromFilter(item, fields);
        if (!sub) return null;
        nested.items.push(...(sub.items.length === 1 ? sub.items : [sub]));
      }
      if (Object.keys(filter).length === 1) return nested;
      group.items.push(nested);
      continue;
    }
    const field = fields.find((f) => f.name === key);
    if (!field || !isRecord(value)) return null;
    const predicate = field.type === 'CURRENCY' && isRecord(value.amount) ? value.amount : value;
    const parsed = condition(field, predicate);
    if (!parsed) return null;
    group.items.push({ ...parsed, id: newGroup().id });
  }
  return group;
}
