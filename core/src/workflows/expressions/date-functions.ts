import { calendarParts, formatCalendar, type Moment, momentArg, writeMoment } from './calendar';
import { DATE, DATETIME, type ExprType, NUMBER, TEXT } from './expression-types';
import { type ExpressionFunction, integerArg, nullIn, numberArg, textArg } from './function-types';

const DAY_MS = 86_400_000;
const moment = { name: 'date', accepts: ['date', 'datetime'] } as const;
const timeZone = { name: 'timeZone', accepts: ['text'], optional: true } as const;
const sameKind = (args: readonly ExprType[]) => (args[0]?.kind === 'date' ? DATE : DATETIME);

function shift(description: string, unitMs: number, kinds: readonly ('date' | 'datetime')[]): ExpressionFunction {
  return {
    description,
    params: [
      { name: 'date', accepts: kinds },
      { name: 'amount', accepts: ['number'] },
    ],
    result: sameKind,
    call: nullIn(([value, amount]) => {
      const from = momentArg(value, 'date');
      const at = new Date(from.at.getTime() + integerArg(amount ?? null, 'amount') * unitMs);
      return writeMoment({ at, dateOnly: from.dateOnly });
    }),
  };
}

function calendarPart(description: string, part: 'year' | 'month' | 'day'): ExpressionFunction {
  return {
    description,
    params: [moment, timeZone],
    result: () => NUMBER,
    call: nullIn(
      ([value, zone], context) =>
        calendarParts(momentArg(value, 'date'), zone == null ? context.timeZone : textArg(zone, 'timeZone'))[part],
    ),
  };
}

function addMonths(from: Moment, months: number): Moment {
  const at = new Date(from.at.getTime());
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  // The 31st plus a month is the last day of a shorter month, never the 1st after it.
  const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  at.setUTCDate(Math.min(day, lastDay));
  return { at, dateOnly: from.dateOnly };
}

export const DATE_FUNCTIONS: Record<string, ExpressionFunction> = {
  now: {
    description: 'The current date-time (fixed for the whole step).',
    params: [],
    result: () => DATETIME,
    call: (_args, context) => context.now.toISOString(),
  },
  today: {
    description: "Today's date in a time zone (default: the workflow's).",
    params: [timeZone],
    result: () => DATE,
    call: ([zone], context) => {
      const p = calendarParts(
        { at: context.now, dateOnly: false },
        zone == null ? context.timeZone : textArg(zone, 'timeZone'),
      );
      return formatCalendar(p, 'yyyy-MM-dd');
    },
  },
  date: {
    description: 'The calendar date of a date-time in a time zone, or text read as a date.',
    params: [{ name: 'value', accepts: ['date', 'datetime', 'text'] }, timeZone],
    result: () => DATE,
    call: nullIn(([value, zone], context) =>
      formatCalendar(
        calendarParts(momentArg(value, 'value'), zone == null ? context.timeZone : textArg(zone, 'timeZone')),
        'yyyy-MM-dd',
      ),
    ),
  },
  addDays: shift('The date moved by a number of days (negative: back).', DAY_MS, ['date', 'datetime']),
  addHours: shift('The date-time moved by a number of hours.', 3_600_000, ['datetime']),
  addMinutes: shift('The date-time moved by a number of minutes.', 60_000, ['datetime']),
  addMonths: {
    description: 'The date moved by a number of months, kept within the month (Jan 31 + 1 = Feb 28).',
    params: [moment, { name: 'amount', accepts: ['number'] }],
    result: sameKind,
    call: nullIn(([value, amount]) =>
      writeMoment(addMonths(momentArg(value, 'date'), integerArg(amount ?? null, 'amount'))),
    ),
  },
  daysBetween: {
    description: 'Whole days from the first date to the second (negative when the second is earlier).',
    params: [moment, { ...moment, name: 'other' }],
    result: () => NUMBER,
    call: ([from, to]) => {
      if (from == null || to == null) return null;
      const ms = momentArg(to, 'other').at.getTime() - momentArg(from, 'date').at.getTime();
      return Math.trunc(numberArg(ms, 'difference') / DAY_MS);
    },
  },
  year: calendarPart('The year of a date.', 'year'),
  month: calendarPart('The month of a date, 1 to 12.', 'month'),
  day: calendarPart('The day of the month of a date.', 'day'),
  formatDate: {
    description: "A date written with a pattern: yyyy MM MMM dd EEE HH mm ss; quote literal text ('at').",
    params: [moment, { name: 'pattern', accepts: ['text'] }, timeZone],
    result: () => TEXT,
    call: nullIn(([value, pattern, zone], context) => {
      const parts = calendarParts(
        momentArg(value, 'date'),
        zone == null ? context.timeZone : textArg(zone, 'timeZone'),
      );
      return formatCalendar(parts, textArg(pattern ?? null, 'pattern'));
    }),
  },
};
