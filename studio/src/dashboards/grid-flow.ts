const COLUMNS = 12;

interface Sized {
  layout: { x: number; y: number; w: number; h: number };
}

/**
 * Gives each widget the cell CSS grid's auto-placement draws it at (row flow, not dense), so the
 * saved `x`/`y` say where it shows: the builder orders widgets, the grid flows them in that order.
 */
export function flowLayout<T extends Sized>(widgets: readonly T[]): T[] {
  const taken = new Set<string>();
  const free = (x: number, y: number, w: number, h: number) => {
    for (let r = y; r < y + h; r += 1) for (let c = x; c < x + w; c += 1) if (taken.has(`${r}:${c}`)) return false;
    return true;
  };
  let row = 0;
  let column = 0;
  return widgets.map((widget) => {
    const w = Math.min(COLUMNS, widget.layout.w);
    const h = widget.layout.h;
    while (column + w > COLUMNS || !free(column, row, w, h)) {
      column += 1;
      if (column + w > COLUMNS) {
        row += 1;
        column = 0;
      }
    }
    for (let r = row; r < row + h; r += 1) for (let c = column; c < column + w; c += 1) taken.add(`${r}:${c}`);
    const placed = { ...widget, layout: { x: column, y: row, w, h } };
    column += w;
    return placed;
  });
}
