import { reactive, watch } from 'vue';
import type { ObjectMeta } from '../api/metadata-types';
import { type Group, newGroup } from './filter-model';
import type { OrderDirection } from './records-api';
import type { SavedView, ViewSettings } from './saved-views-api';

/**
 * How one object's list is shown. Saved views live on the server; this working copy (with
 * unsaved changes) is kept per object in localStorage so it survives reloads.
 */
export interface ViewState {
  /** The saved view this state was loaded from, if any. */
  viewId: string | null;
  type: 'table' | 'kanban';
  /** Visible columns in order (field names). */
  columns: string[];
  /** Column widths by field name, set by resizing. */
  widths: Record<string, number>;
  sort: { field: string; direction: OrderDirection }[];
  filter: Group;
  groupBy: string | null;
  sumField: string | null;
  /** Board: a second total per column (a weighted amount). */
  weightField: string | null;
  /** Board: the fields cards show, in order; null: picked by type. */
  cardFields: string[] | null;
}

/** How a list looks before anyone changed it. */
export function defaultViewState(object: ObjectMeta): ViewState {
  const select = object.fields.find((f) => f.type === 'SELECT');
  const currency = object.fields.find((f) => f.type === 'CURRENCY');
  return {
    viewId: null,
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
    weightField: null,
    cardFields: null,
  };
}

/** The reactive view state of `object`; fields that no longer exist are dropped on load. */
export function useViewState(object: ObjectMeta): ViewState {
  const key = `relata.view.${object.nameSingular}`;
  let stored: Partial<ViewState> = {};
  try {
    stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<ViewState>;
  } catch {
    stored = {};
  }
  const state = reactive<ViewState>(sanitize(object, stored));
  watch(state, (value) => localStorage.setItem(key, JSON.stringify(value)), { deep: true });
  return state;
}

/** Drops fields that no longer exist from a stored or saved state. */
function sanitize(object: ObjectMeta, stored: Partial<ViewState>): ViewState {
  const base = defaultViewState(object);
  const names = new Set(object.fields.map((f) => f.name));
  return {
    ...base,
    ...stored,
    columns: (stored.columns ?? base.columns).filter((c) => names.has(c)),
    sort: (stored.sort ?? []).filter((s) => names.has(s.field)),
    groupBy: stored.groupBy && names.has(stored.groupBy) ? stored.groupBy : base.groupBy,
    sumField: stored.sumField && names.has(stored.sumField) ? stored.sumField : base.sumField,
    weightField: stored.weightField && names.has(stored.weightField) ? stored.weightField : null,
    cardFields: stored.cardFields?.filter((name) => names.has(name)) ?? null,
  };
}

const DIRECTIONS = new Set<string>(['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast']);

/** A view from a link (untrusted): known fields and directions only. */
export function viewFromLink(object: ObjectMeta, linked: Partial<ViewState>): ViewState {
  const type = linked.type === 'kanban' ? 'kanban' : 'table';
  const columns = Array.isArray(linked.columns) ? linked.columns.filter((c) => typeof c === 'string') : undefined;
  const sort = Array.isArray(linked.sort)
    ? linked.sort.filter((s) => typeof s?.field === 'string' && DIRECTIONS.has(s.direction))
    : undefined;
  return sanitize(object, {
    type,
    columns,
    sort,
    filter: linked.filter,
    groupBy: typeof linked.groupBy === 'string' ? linked.groupBy : null,
    sumField: typeof linked.sumField === 'string' ? linked.sumField : null,
    weightField: typeof linked.weightField === 'string' ? linked.weightField : null,
    cardFields: Array.isArray(linked.cardFields) ? linked.cardFields.filter((c) => typeof c === 'string') : null,
    viewId: typeof linked.viewId === 'string' ? linked.viewId : null,
  });
}

/** The server form of the current state. */
export function viewSettings(state: ViewState): ViewSettings {
  return {
    filter: state.filter,
    orderBy: state.sort.map((s) => ({ ...s })),
    // The server keeps whole pixels between 40 and 2000.
    columns: state.columns.map((field) => {
      const width = state.widths[field];
      return { field, width: width ? Math.min(2000, Math.max(40, Math.round(width))) : null };
    }),
    groupBy: state.groupBy,
    sumField: state.sumField,
    weightField: state.weightField,
    cardFields: state.cardFields,
  };
}

/** Loads a saved view into the working state. */
export function applyView(state: ViewState, object: ObjectMeta, view: SavedView): void {
  const { settings } = view;
  const widths: Record<string, number> = {};
  for (const c of settings.columns) if (c.width) widths[c.field] = c.width;
  Object.assign(
    state,
    sanitize(object, {
      viewId: view.id,
      type: view.kind === 'KANBAN' ? 'kanban' : 'table',
      columns: settings.columns.length ? settings.columns.map((c) => c.field) : undefined,
      widths,
      sort: settings.orderBy,
      filter: (settings.filter as Group | null | undefined) ?? newGroup('and'),
      groupBy: settings.groupBy ?? null,
      sumField: settings.sumField ?? null,
      weightField: settings.weightField ?? null,
      cardFields: settings.cardFields ?? null,
    }),
  );
}
