import type { ImportTable } from '../import';
import type { ObjectMetadata } from '../metadata';

const DAY_MS = 86_400_000;
/** A cell starting with a calendar date: `2026-11-30`, `2026-11-30T09:00:00Z`. */
const LEADING_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * Whole days from the day a template's seed was made (`seedDatesRelativeTo`) to the UTC day of
 * `now`: what every seed date moves by, so "last 30 days" reads on the install day as it did on
 * the day the seed was made. 0 without a reference day (dates load as written).
 */
export function seedDateShift(relativeTo: string | undefined, now: Date): number {
  if (!relativeTo) return 0;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((today - Date.parse(`${relativeTo}T00:00:00Z`)) / DAY_MS);
}

/**
 * `cell` moved by `days`: its leading date is replaced, what follows it (a time, a zone) is kept,
 * so a date-time keeps its clock time and its offset. An empty cell or one not starting with a
 * date is left as it is (the import then says what is wrong with it).
 */
export function shiftSeedDate(cell: string, days: number): string {
  const match = LEADING_DATE.exec(cell);
  if (!match || days === 0) return cell;
  const [, y, m, d] = match;
  const shifted = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + days * DAY_MS);
  return shifted.toISOString().slice(0, 10) + cell.slice(10);
}

/** The seed table with every DATE and DATE_TIME column of `object` moved by `days`. */
export function shiftSeedTable(table: ImportTable, object: ObjectMetadata, days: number): ImportTable {
  if (days === 0) return table;
  const dated = table.headers.flatMap((header, column) => {
    const field = object.fields.find((f) => f.key === header);
    return field && (field.type === 'DATE' || field.type === 'DATE_TIME') ? [column] : [];
  });
  if (dated.length === 0) return table;
  const rows = table.rows.map((row) => {
    const copy = [...row];
    for (const column of dated) copy[column] = shiftSeedDate(copy[column] ?? '', days);
    return copy;
  });
  return { headers: table.headers, rows };
}
