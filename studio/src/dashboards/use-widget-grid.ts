import { reactive } from 'vue';

const COLUMNS = 12;
/** The grid's row height and gap (dashboards-page.vue's CSS). */
const ROW_PX = 90;
const GAP_PX = 12;
const clamp = (n: number) => Math.min(COLUMNS, Math.max(1, n));

/**
 * Drag and resize on the dashboard grid: drag a widget's header onto another to move it there,
 * drag its corner to resize it by whole cells. `sizes` holds the size shown while resizing; `done`
 * saves the new order or size once the pointer is released.
 */
export function useWidgetGrid(done: {
  moved(id: string, before: string): void;
  resized(id: string, size: { w: number; h: number }): void;
}) {
  const sizes = reactive(new Map<string, { w: number; h: number }>());
  let dragged: string | null = null;

  function startResize(
    event: PointerEvent,
    id: string,
    layout: { w: number; h: number },
    grid: HTMLElement | null,
  ): void {
    if (!grid) return;
    event.preventDefault();
    const cell = (grid.clientWidth - GAP_PX * (COLUMNS - 1)) / COLUMNS + GAP_PX;
    const from = { x: event.clientX, y: event.clientY };
    const move = (e: PointerEvent) =>
      sizes.set(id, {
        w: clamp(layout.w + Math.round((e.clientX - from.x) / cell)),
        h: clamp(layout.h + Math.round((e.clientY - from.y) / (ROW_PX + GAP_PX))),
      });
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      const size = sizes.get(id);
      sizes.delete(id);
      if (size && (size.w !== layout.w || size.h !== layout.h)) done.resized(id, size);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  return {
    sizes,
    startResize,
    dragStart(id: string): void {
      dragged = id;
    },
    drop(target: string): void {
      if (dragged && dragged !== target) done.moved(dragged, target);
      dragged = null;
    },
  };
}
