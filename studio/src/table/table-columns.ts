import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import type { ViewState } from '../records/view-state';
import { workspaceSettings } from '../settings/workspace-settings';
import { type CellContent, columnCells } from './table-cells';

/** Width of the check-box column, the first of the table. */
export const CHECK_WIDTH = 44;

/** A column of the table: its field, how its cells draw, and its place. */
export interface TableColumn {
  key: string;
  label: string;
  /** null for the title column of an object without a title field (its short id shows). */
  field: FieldMeta | null;
  width: number;
  align: 'left' | 'right';
  sortable: boolean;
  order: 'ascend' | 'descend' | false;
  /** Sticky offset from the left edge (the title column), or null when it scrolls. */
  left: number | null;
  /** Draws a cell of a data column (the title column draws its link itself). */
  cells: CellContent | null;
}

function defaultWidth(field: FieldMeta): number {
  if (field.type === 'BOOLEAN' || field.type === 'RATING') return 120;
  if (field.type === 'CURRENCY' || field.type === 'NUMBER' || field.type === 'DATE') return 150;
  if (field.type === 'EMAIL' || field.type === 'URL') return 230;
  return 190;
}

const sortableType = (f: FieldMeta) =>
  f.type !== 'RELATION' && f.type !== 'MULTI_SELECT' && f.type !== 'JSON' && f.type !== 'ADDRESS';

function sortOrder(state: ViewState, field: string): TableColumn['order'] {
  const s = state.sort.find((x) => x.field === field);
  return s ? (s.direction.startsWith('Asc') ? 'ascend' : 'descend') : false;
}

/** The fields the view shows besides the title, in the view's order. */
export function visibleFields(object: ObjectMeta, state: ViewState, title: FieldMeta | undefined): FieldMeta[] {
  return state.columns
    .map((name) => object.fields.find((f) => f.name === name))
    .filter((f): f is FieldMeta => !!f && f.name !== title?.name);
}

/**
 * The columns of a view: the title (sticky after the check box), then the visible fields. Cell
 * drawers come from `drawers`, kept by the caller per field object so a sort or a resize does not
 * rebuild them (and their per-record caches).
 */
export function tableColumns(
  object: ObjectMeta,
  state: ViewState,
  title: FieldMeta | undefined,
  drawers: (field: FieldMeta) => CellContent,
): TableColumn[] {
  const titleKey = title?.name ?? 'id';
  const columns: TableColumn[] = [
    {
      key: titleKey,
      label: title?.label ?? 'Record',
      field: title ?? null,
      width: state.widths[titleKey] ?? (window.innerWidth < 700 ? 180 : 280),
      align: 'left',
      sortable: !!title && sortableType(title),
      order: title ? sortOrder(state, title.name) : false,
      left: CHECK_WIDTH,
      cells: null,
    },
  ];
  for (const f of visibleFields(object, state, title)) {
    columns.push({
      key: f.name,
      label: f.label,
      field: f,
      width: state.widths[f.name] ?? defaultWidth(f),
      align: f.type === 'CURRENCY' || f.type === 'NUMBER' ? 'right' : 'left',
      sortable: sortableType(f),
      order: sortOrder(state, f.name),
      left: null,
      cells: drawers(f),
    });
  }
  return columns;
}

/**
 * Cell drawers made once per field object (a metadata reload brings new objects, and new drawers)
 * and per workspace settings: their texts are formatted in the workspace's currency and date
 * format, which may arrive after the first rows were drawn (or change on the settings page).
 */
export function cellDrawers(): (field: FieldMeta) => CellContent {
  let made = new WeakMap<FieldMeta, CellContent>();
  let formats = workspaceSettings.value;
  return (field) => {
    // Read in the columns' computed: new settings recompute the columns, and every row is redrawn.
    if (workspaceSettings.value !== formats) {
      formats = workspaceSettings.value;
      made = new WeakMap();
    }
    let cells = made.get(field);
    if (!cells) {
      cells = columnCells(field);
      made.set(field, cells);
    }
    return cells;
  };
}
