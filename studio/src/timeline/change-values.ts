import { gql } from '../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import { findObject, titleField } from '../metadata/metadata-store';
import { formatValue, recordTitle } from '../records/format';
import type { HistoryEntry } from '../records/history-api';
import { plainText } from '../records/rich-text';
import { titleSelection } from '../records/selection';

/** The field a history key names: the field itself, or the relation of a `xId` / `xIds` key. */
export function changedField(object: ObjectMeta, key: string): FieldMeta | undefined {
  return object.fields.find((f) => f.name === key) ?? object.fields.find((f) => f.name === key.replace(/Ids?$/, ''));
}

const idsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

/**
 * Titles of the records the relation changes of `entries` point to, keyed by id, read under the
 * reader's rights (a record they cannot see stays unnamed). One request for every target object.
 */
export async function relationTitles(object: ObjectMeta, entries: HistoryEntry[]): Promise<Map<string, string>> {
  const byTarget = new Map<string, Set<string>>();
  for (const entry of entries) {
    for (const change of entry.changes) {
      const target = changedField(object, change.field)?.settings.relation?.target;
      if (!target) continue;
      const ids = byTarget.get(target) ?? new Set<string>();
      for (const id of [...idsOf(change.before), ...idsOf(change.after)]) ids.add(id);
      byTarget.set(target, ids);
    }
  }
  const targets = [...byTarget].flatMap(([name, ids]) => {
    const target = findObject(name);
    return target && ids.size > 0 ? [{ target, ids: [...ids] }] : [];
  });
  if (targets.length === 0) return new Map();
  const query = `query Titles(${targets.map((_, i) => `$ids${i}: [ID!]!`).join(', ')}) { ${targets
    .map(
      ({ target }, i) =>
        `t${i}: ${target.namePlural}(filter: { id: { in: $ids${i} } }, first: 500) { nodes { ${titleSelection(target)} } }`,
    )
    .join(' ')} }`;
  const variables = Object.fromEntries(targets.map((t, i) => [`ids${i}`, t.ids]));
  const data = await gql<Record<string, { nodes: Record<string, unknown>[] }>>('/graphql', query, variables);
  const titles = new Map<string, string>();
  targets.forEach(({ target }, i) => {
    for (const node of data[`t${i}`]?.nodes ?? []) titles.set(String(node.id), recordTitle(titleField(target), node));
  });
  return titles;
}

/** A history value in words: option labels, formatted money and dates, related records' titles. */
export function describeValue(field: FieldMeta | undefined, value: unknown, titles: Map<string, string>): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return 'empty';
  }
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (field.type === 'RELATION') {
    return idsOf(value)
      .map((id) => titles.get(id) ?? 'a record you cannot see')
      .join(', ');
  }
  if (field.type === 'RICH_TEXT') {
    const text = plainText(String(value));
    return text.length > 120 ? `${text.slice(0, 119)}…` : text || 'empty';
  }
  return formatValue(field, value) || 'empty';
}
