import type { Database } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { UNRESTRICTED } from '../permissions';
import { compileIndex, type IndexKeyInput } from '../query';
import type { Actor } from '../records';
import { listViews } from '../views';
import type { ObjectIndex } from './index-rows';

/** The parts of a saved view that decide which index serves it. */
export interface ViewQuery {
  filter?: unknown;
  orderBy: { field: string; direction: IndexKeyInput['direction'] }[];
}

/** An index a saved view would need, and the declared index that already serves it, if any. */
export interface IndexSuggestion {
  view: string;
  keys: IndexKeyInput[];
  /** The declared (valid) index whose leading keys are these, in this order; null: none yet. */
  coveredBy: string | null;
}

const EQUALITY = new Set(['eq', 'in', 'isNull']);
const RANGE = new Set(['gt', 'gte', 'lt', 'lte', 'startsWith']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields the filter compares for equality and the first it bounds, from its top-level `and`s only (`or` and `not` use no single range). */
function filteredFields(filter: unknown, equal: string[], range: string[]): void {
  if (!isRecord(filter)) return;
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and' && Array.isArray(value)) {
      for (const item of value) filteredFields(item, equal, range);
      continue;
    }
    if (!isRecord(value) || key === 'or' || key === 'not') continue;
    const ops = Object.keys(value);
    if (ops.some((op) => EQUALITY.has(op))) equal.push(key);
    else if (ops.some((op) => RANGE.has(op))) range.push(key);
  }
}

/**
 * The keys of the index a list filtered and sorted like `view` reads in order: fields compared
 * for equality first, then the sort, then (unsorted) the first bounded field, then `id`, the
 * tie-break every list sorts by last. Keys no index can hold (related records, JSON...) are left out.
 */
export function suggestedKeys(snapshot: WorkspaceSnapshot, object: ObjectMetadata, view: ViewQuery): IndexKeyInput[] {
  const equal: string[] = [];
  const range: string[] = [];
  filteredFields(view.filter, equal, range);
  const keys: IndexKeyInput[] = [
    ...equal.map((field) => ({ field, direction: 'AscNullsLast' as const })),
    ...view.orderBy,
    ...(view.orderBy.length === 0
      ? range.slice(0, 1).map((field) => ({ field, direction: 'AscNullsLast' as const }))
      : []),
    { field: 'id', direction: 'AscNullsLast' },
  ];
  const indexable = (key: IndexKeyInput) => {
    try {
      compileIndex(snapshot, object, { keys: [key], filter: null, unique: false }, 'view');
      return true;
    } catch {
      return false;
    }
  };
  const seen = new Set<string>();
  return keys.filter((key) => !seen.has(key.field) && seen.add(key.field) && indexable(key));
}

/** The first valid declared index without a filter whose leading keys are `keys`, in order and direction. */
export function coveringIndex(indexes: readonly ObjectIndex[], keys: readonly IndexKeyInput[]): string | null {
  const covers = (index: ObjectIndex) =>
    index.status === 'VALID' &&
    index.filter === null &&
    keys.every((key, i) => index.keys[i]?.field === key.field && index.keys[i]?.direction === key.direction);
  return indexes.find(covers)?.name ?? null;
}

/**
 * For each saved view of `object` the admin sees (shared ones and their own), the index its filter
 * and sort would need, and whether a declared index already serves it.
 */
export async function suggestIndexes(
  db: Database,
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  actor: Actor,
  declared: readonly ObjectIndex[],
): Promise<IndexSuggestion[]> {
  const views = await listViews(db, { snapshot, actor, permissions: UNRESTRICTED }, object.nameSingular);
  return views.map((view) => {
    const keys = suggestedKeys(snapshot, object, view.settings);
    return { view: view.name, keys, coveredBy: coveringIndex(declared, keys) };
  });
}
