import type { DateFormat } from './workspace-settings';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date in one of the workspace's formats: `2026-03-01` as `Mar 1, 2026`, `01/03/2026`... */
export function formatCalendarDate(year: number, month: number, day: number, format: DateFormat): string {
  const mmm = MONTHS[month - 1] ?? String(month);
  switch (format) {
    case 'D MMM YYYY':
      return `${day} ${mmm} ${year}`;
    case 'YYYY-MM-DD':
      return `${year}-${pad(month)}-${pad(day)}`;
    case 'DD/MM/YYYY':
      return `${pad(day)}/${pad(month)}/${year}`;
    case 'MM/DD/YYYY':
      return `${pad(month)}/${pad(day)}/${year}`;
    case 'DD.MM.YYYY':
      return `${pad(day)}.${pad(month)}.${year}`;
    default:
      return `${mmm} ${day}, ${year}`;
  }
}

const zoned = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour and minute of `date` on the wall clock of `timeZone`. */
export function partsIn(
  date: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number } {
  let format = zoned.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    zoned.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** A moment as date and 24-hour time in the workspace's zone and format: `01/03/2026 14:05`. */
export function formatMoment(date: Date, format: DateFormat, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${formatCalendarDate(p.year, p.month, p.day, format)} ${pad(p.hour)}:${pad(p.minute)}`;
}
