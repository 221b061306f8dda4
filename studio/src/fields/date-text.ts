/** The formats the date pickers type in (naive-ui's defaults), as users should type them. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Why text typed into a date picker is not a date, or null when it is (or is empty). The picker
 * itself drops unparsable text silently on blur and keeps the old value, which reads as saved.
 */
export function typedDateProblem(text: string, withTime: boolean): string | null {
  const typed = text.trim();
  if (!typed) return null;
  const format = withTime ? 'YYYY-MM-DD HH:MM' : 'YYYY-MM-DD';
  const match = (withTime ? DATE_TIME : DATE).exec(typed);
  const [, y, m, d, hh, mm, ss] = match ?? [];
  const timeOk = !withTime || (Number(hh) < 24 && Number(mm) < 60 && Number(ss ?? 0) < 60);
  if (match && realDay(Number(y), Number(m), Number(d)) && timeOk) return null;
  return `“${typed}” is not a valid ${withTime ? 'date and time' : 'date'}: type it as ${format}.`;
}
