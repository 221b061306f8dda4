import { EvalProblem } from './function-types';
import type { Value } from './values';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A date or date-time value read as an instant; a date is its midnight UTC. */
export interface Moment {
  at: Date;
  dateOnly: boolean;
}

export function momentArg(value: Value | undefined, name: string): Moment {
  if (typeof value === 'string') {
    const dateOnly = DATE_ONLY.test(value);
    const at = new Date(dateOnly ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(at.getTime()) && (dateOnly || value.includes('T'))) return { at, dateOnly };
  }
  throw new EvalProblem(`${name} must be a date (YYYY-MM-DD) or a date-time (ISO 8601)`);
}

/** A moment written back in its own kind: `YYYY-MM-DD` for dates, ISO 8601 for date-times. */
export function writeMoment(moment: Moment): string {
  const iso = moment.at.toISOString();
  return moment.dateOnly ? iso.slice(0, 10) : iso;
}

export interface CalendarParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new EvalProblem(`"${timeZone}" is not a time zone (use an IANA name such as Europe/Paris)`);
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock parts of an instant in a time zone (a date's parts are its own, in UTC). */
export function calendarParts(moment: Moment, timeZone: string): CalendarParts {
  const parts = Object.create(null) as Record<string, string>;
  for (const part of formatter(moment.dateOnly ? 'UTC' : timeZone).formatToParts(moment.at))
    parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? ''),
  };
}

const pad = (value: number, size = 2) => String(value).padStart(size, '0');

const TOKENS: Record<string, (p: CalendarParts) => string> = {
  yyyy: (p) => pad(p.year, 4),
  yy: (p) => pad(p.year % 100),
  MMMM: (p) => MONTHS[p.month - 1] ?? '',
  MMM: (p) => (MONTHS[p.month - 1] ?? '').slice(0, 3),
  MM: (p) => pad(p.month),
  M: (p) => String(p.month),
  dd: (p) => pad(p.day),
  d: (p) => String(p.day),
  EEEE: (p) => WEEKDAYS[p.weekday] ?? '',
  EEE: (p) => (WEEKDAYS[p.weekday] ?? '').slice(0, 3),
  HH: (p) => pad(p.hour),
  H: (p) => String(p.hour),
  mm: (p) => pad(p.minute),
  ss: (p) => pad(p.second),
};
const TOKEN_PATTERN = /yyyy|yy|MMMM|MMM|MM|M|dd|d|EEEE|EEE|HH|H|mm|ss|'[^']*'/g;

/** Writes calendar parts with a pattern such as `dd/MM/yyyy HH:mm`; quote literal letters: `'at'`. */
export function formatCalendar(parts: CalendarParts, pattern: string): string {
  return pattern.replace(TOKEN_PATTERN, (token) =>
    token.startsWith("'") ? token.slice(1, -1) : (TOKENS[token]?.(parts) ?? token),
  );
}
