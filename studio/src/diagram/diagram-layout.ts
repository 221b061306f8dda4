import type { FieldMeta, ObjectMeta } from '../api/metadata-types';

/** Sizes the diagram box is drawn with (diagram-page.vue's CSS uses the same numbers). */
export const BOX = { width: 248, header: 36, row: 24, padding: 8, columnGap: 190, rowGap: 48 } as const;
/** Plain fields shown per box before "+N more"; relation fields are always shown (edges start there). */
const PLAIN_ROWS = 10;

export interface BoxRows {
  rows: FieldMeta[];
  hidden: number;
}

/** The field rows a box shows: every relation, and the first plain fields. */
export function boxRows(object: ObjectMeta): BoxRows {
  let plain = 0;
  const rows = object.fields.filter((f) => f.type === 'RELATION' || ++plain <= PLAIN_ROWS);
  return { rows, hidden: object.fields.length - rows.length };
}

export function boxHeight(object: ObjectMeta): number {
  const { rows, hidden } = boxRows(object);
  return BOX.header + BOX.padding + (rows.length + (hidden ? 1 : 0)) * BOX.row + 2;
}

const targetsOf = (object: ObjectMeta) =>
  object.fields.flatMap((f) => (f.type === 'RELATION' && f.settings.relation ? [f.settings.relation.target] : []));

/**
 * Columns by relation depth: objects nothing points out of sit in the rightmost column, each
 * other object one column left of the deepest object it points at, so most lines run left to
 * right. Boxes stack within a column by their real height, which rules out overlaps. Odd
 * columns start lower (a staircase), so a line that skips a column runs above the box it skips.
 */
export function layoutBoxes(objects: ObjectMeta[]): Map<string, { x: number; y: number; column: number }> {
  const byName = new Map(objects.map((o) => [o.nameSingular, o]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0; // a cycle: break it here
    visiting.add(name);
    const targets = targetsOf(byName.get(name)!).filter((t) => t !== name && byName.has(t));
    const d = targets.length ? 1 + Math.max(...targets.map(depthOf)) : 0;
    visiting.delete(name);
    depth.set(name, d);
    return d;
  };
  for (const o of objects) depthOf(o.nameSingular);
  const deepest = Math.max(0, ...depth.values());

  const columns = new Map<number, ObjectMeta[]>();
  for (const o of objects) {
    const column = deepest - depth.get(o.nameSingular)!;
    columns.set(column, [...(columns.get(column) ?? []), o]);
  }
  const firstBoxes = [...columns].filter(([column]) => column % 2 === 0).map(([, list]) => boxHeight(list[0]!));
  const step = Math.max(0, ...firstBoxes) + BOX.rowGap;

  const positions = new Map<string, { x: number; y: number; column: number }>();
  for (const [column, list] of columns) {
    let y = column % 2 === 0 ? 0 : step;
    for (const o of list) {
      positions.set(o.nameSingular, { x: column * (BOX.width + BOX.columnGap), y, column });
      y += boxHeight(o) + BOX.rowGap;
    }
  }
  return positions;
}
