/** A cell as the writers take it: text, a number, a truth value or nothing. */
export type Cell = string | number | boolean | null;

/** How a column's cells are typed in a spreadsheet. */
export type CellKind = 'text' | 'number' | 'boolean' | 'date' | 'dateTime';

/**
 * Characters that make a spreadsheet read a text cell as a formula (`=`, `+`, `-`, `@`) or that
 * some of them strip before doing so (tab, carriage return). Such cells get a leading `'`, which
 * spreadsheets show as text; exported data can then never run as a formula when opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The cell of `value` (a record's JSON value at a column's path). Lists (multi-select) are
 * joined, objects (JSON fields) written as JSON; every text is neutralised.
 */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return neutralize(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return neutralize(value.map((item) => String(item ?? '')).join(', '));
  }
  return neutralize(JSON.stringify(value));
}

/** The value at `path` of a record's JSON, reading own keys only. */
export function valueAt(record: unknown, path: readonly string[]): unknown {
  let current = record;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
