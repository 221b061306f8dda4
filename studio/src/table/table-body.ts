import { defineComponent, h, type PropType, type VNode } from 'vue';
import { recordTitle } from '../records/format';
import type { RecordData } from '../records/selection';
import { CHECK_WIDTH, type TableColumn } from './table-columns';
import './table-rows.css';

/** What a drawn row depends on: the same record, place, check and columns draw the same row. */
interface DrawnRow {
  record: RecordData;
  top: number;
  checked: boolean;
  columns: TableColumn[];
  vnode: VNode;
}

/**
 * The drawn rows of the table: only `records[first..last)`, each absolutely placed by a transform
 * at its index times `rowHeight`. One component for all rows (no component per row or cell);
 * clicks and keys are handled once by the table through the cells' data attributes. A row whose
 * record, place, check and columns did not change is handed back as the same vnode, which Vue
 * skips without diffing (what `v-memo` does), so a scroll step only builds the rows it brings in.
 */
export default defineComponent({
  name: 'TableBody',
  props: {
    columns: { type: Array as PropType<TableColumn[]>, required: true },
    records: { type: Array as PropType<RecordData[]>, required: true },
    first: { type: Number, required: true },
    last: { type: Number, required: true },
    rowHeight: { type: Number, required: true },
    width: { type: Number, required: true },
    checked: { type: Object as PropType<ReadonlySet<string>>, required: true },
    /** The object's plural name, for the title links. */
    path: { type: String, required: true },
  },
  setup(props) {
    let drawn = new Map<string, DrawnRow>();

    function row(record: RecordData, top: number, checked: boolean): VNode {
      const [title, ...data] = props.columns;
      const cells: VNode[] = [
        h('div', { class: 'td check sticky', style: `left:0;width:${CHECK_WIDTH}px` }, [
          h('input', {
            type: 'checkbox',
            checked,
            'aria-label': 'Select row',
            'data-test': 'row-check',
            'data-check': record.id,
          }),
        ]),
        h('div', { class: 'td sticky title', style: `left:${CHECK_WIDTH}px;width:${title!.width}px` }, [
          h(
            'a',
            { href: `/${props.path}/${record.id}`, class: 'title-link', 'data-nav': '', 'data-test': 'record-link' },
            recordTitle(title!.field ?? undefined, record),
          ),
        ]),
      ];
      for (const c of data) {
        cells.push(
          h(
            'div',
            {
              class: c.align === 'right' ? 'td r-cell right' : 'td r-cell',
              style: `width:${c.width}px`,
              tabindex: 0,
              role: 'button',
              'aria-label': `Edit ${c.label}`,
              'data-test': `cell-${c.key}`,
              'data-field': c.key,
              'data-row': record.id,
            },
            c.cells!(record),
          ),
        );
      }
      const vnode = h(
        'div',
        {
          key: record.id,
          class: checked ? 'tr checked' : 'tr',
          role: 'row',
          'data-test': 'table-row',
          style: `transform:translateY(${top}px);width:${props.width}px;height:${props.rowHeight}px`,
        },
        cells,
      );
      // Vue clones a mounted vnode handed back to it unless it carries a memo, as v-memo's do
      // (`memo` is internal to Vue's VNode, set by its withMemo helper: hence the cast).
      (vnode as VNode & { memo?: unknown[] }).memo = [record, top, checked, props.columns];
      return vnode;
    }

    return () => {
      const next = new Map<string, DrawnRow>();
      const rows: VNode[] = [];
      const end = Math.min(props.last, props.records.length);
      for (let i = props.first; i < end; i++) {
        const record = props.records[i]!;
        const top = i * props.rowHeight;
        const checked = props.checked.has(record.id);
        const before = drawn.get(record.id);
        const same =
          before &&
          before.record === record &&
          before.top === top &&
          before.checked === checked &&
          before.columns === props.columns;
        const vnode = same ? before.vnode : row(record, top, checked);
        next.set(record.id, { record, top, checked, columns: props.columns, vnode });
        rows.push(vnode);
      }
      // Only rows drawn now are remembered: a row that left is drawn afresh when it comes back.
      drawn = next;
      return h(
        'div',
        { class: 'tbody', 'data-test': 'table-body', style: `height:${props.records.length * props.rowHeight}px` },
        rows,
      );
    };
  },
});
