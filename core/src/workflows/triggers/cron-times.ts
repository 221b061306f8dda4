import { checkCron } from '../model';

/** One cron field as the set of values it allows. */
type FieldSet = ReadonlySet<number>;

interface ParsedCron {
  minute: FieldSet;
  hour: FieldSet;
  dayOfMonth: FieldSet;
  month: FieldSet;
  dayOfWeek: FieldSet;
  /** Cron's rule: when both day fields are restricted, a day matching either one fires. */
  eitherDay: boolean;
}

const BOUNDS = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
] as const;

function expand(field: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    const [from, to] = range === '*' ? [min, max] : range.split('-').map(Number);
    // `5/15` steps from 5 to the field's end; a plain `5` is just 5.
    const last = range === '*' ? max : (to ?? (stepText ? max : from!));
    for (let value = from!; value <= last; value += step) values.add(value);
  }
  return values;
}

/**
 * Parses a five-field cron expression (already checked by `checkCron`).
 * @throws Error when the expression is invalid (definitions are checked on save, so only on a bug)
 */
export function parseCron(cron: string): ParsedCron {
  const problem = checkCron(cron);
  if (problem) throw new Error(`cron "${cron}" ${problem}`);
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((field, i) =>
    expand(field, BOUNDS[i]![0], BOUNDS[i]![1]),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  // 7 is Sunday too.
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  return { minute, hour, dayOfMonth, month, dayOfWeek, eitherDay: fields[2] !== '*' && fields[4] !== '*' };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock minute, hour, day, month and weekday of `at` in `timeZone`. */
function wallClock(at: Date, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      minute: 'numeric',
      hour: 'numeric',
      day: 'numeric',
      month: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.create(null) as Record<string, string>;
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday,
  };
}

/** True when the minute holding `at` is a fire time of `cron` on the clocks of `timeZone`. */
export function cronMatches(cron: ParsedCron, at: Date, timeZone: string): boolean {
  const t = wallClock(at, timeZone);
  if (!cron.minute.has(t.minute) || !cron.hour.has(t.hour) || !cron.month.has(t.month)) return false;
  const dom = cron.dayOfMonth.has(t.day);
  const dow = cron.dayOfWeek.has(t.weekday);
  return cron.eitherDay ? dom || dow : dom && dow;
}

const MINUTE = 60_000;

/**
 * The latest fire time of `cron` in `timeZone` after `after` and at or before `upTo`, or null.
 * Walks UTC minutes, so daylight-saving changes need no special case: a wall-clock time the
 * clocks skip never fires, one they repeat fires at each of its instants. Looks back at most
 * `upTo - after`, which the caller bounds.
 */
export function latestFireTime(cron: ParsedCron, timeZone: string, after: Date, upTo: Date): Date | null {
  const first = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let minute = Math.floor(upTo.getTime() / MINUTE) * MINUTE; minute >= first; minute -= MINUTE) {
    const at = new Date(minute);
    if (cronMatches(cron, at, timeZone)) return at;
  }
  return null;
}
