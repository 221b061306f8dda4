import { reactive, watch } from 'vue';
import type { ObjectMeta } from '../api/metadata-types';
import { type Group, newGroup } from './filter-model';
import type { OrderDirection } from './records-api';

/** How one object's list is shown: kept per object in localStorage so it survives reloads. */
export interface ViewState {
  type: 'table' | 'kanban';
  /** Visible columns in order (field names). */
  columns: string[];
  /** Column widths by field name, set by resizing. */
  widths: Record<string, number>;
  sort: { field: string; direction: OrderDirection }[];
  filter: Group;
  groupBy: string | null;
  sumField: string | null;
}

function defaults(object: ObjectMeta): ViewState {
  const select = object.fields.find((f) => f.type === 'SELECT');
  const currency = object.fields.find((f) => f.type === 'CURRENCY');
  return {
    type: 'table',
    columns: object.fields
      .filter((f) => f.type !== 'JSON' && f.type !== 'RICH_TEXT')
      .slice(0, 8)
      .map((f) => f.name),
    widths: {},
    sort: [],
    filter: newGroup('and'),
    groupBy: select?.name ?? null,
    sumField: currency?.name ?? null,
  };
}

/** The reactive view state of `object`; fields that no longer exist are dropped on load. */
export function useViewState(object: ObjectMeta): ViewState {
  const key = `relata.view.${object.nameSingular}`;
  const base = defaults(object);
  let stored: Partial<ViewState> = {};
  try {
    stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<ViewState>;
  } catch {
    stored = {};
  }
  const names = new Set(object.fields.map((f) => f.name));
  const state = reactive<ViewState>({
    ...base,
    ...stored,
    columns: (stored.columns ?? base.columns).filter((c) => names.has(c)),
    sort: (stored.sort ?? []).filter((s) => names.has(s.field)),
    groupBy: stored.groupBy && names.has(stored.groupBy) ? stored.groupBy : base.groupBy,
    sumField: stored.sumField && names.has(stored.sumField) ? stored.sumField : base.sumField,
  });
  watch(state, (value) => localStorage.setItem(key, JSON.stringify(value)), { deep: true });
  return state;
}
