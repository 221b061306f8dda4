const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function checkPart(part: string, min: number, max: number): boolean {
  const [range = '', step] = part.split('/');
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return false;
  if (range === '*') return true;
  const bounds = range.split('-');
  if (bounds.length > 2 || !bounds.every((b) => /^\d+$/.test(b))) return false;
  const [from, to = from] = bounds.map(Number) as [number, number?];
  return from >= min && (to ?? from) <= max && from <= (to ?? from);
}

/**
 * Checks a five-field cron expression (`minute hour day-of-month month day-of-week`, with `*`,
 * lists, ranges and steps), as the job queue's crontab reads it. Null when valid, else why not.
 */
export function checkCron(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return 'must have five fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1';
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = FIELDS[i]!;
    if (!field.split(',').every((part) => checkPart(part, min, max))) {
      return `has an invalid ${name} "${field}" (${min}-${max}, *, lists, ranges, steps)`;
    }
  }
  return null;
}
