import { describe, expect, test } from 'vitest';
import { cronMatches, latestFireTime, parseCron } from './cron-times';

describe('cronMatches', () => {
  test.each([
    ['0 9 * * 1-5', '2027-01-15T08:00:00Z', 'Europe/Paris', true], // Friday 09:00 CET
    ['0 9 * * 1-5', '2027-07-15T07:00:00Z', 'Europe/Paris', true], // Thursday 09:00 CEST
    ['0 9 * * 1-5', '2027-01-15T09:00:00Z', 'Europe/Paris', false],
    ['0 9 * * 1-5', '2027-01-16T08:00:00Z', 'Europe/Paris', false], // Saturday
    ['0 9 * * 0', '2027-01-17T14:00:00Z', 'America/New_York', true], // Sunday 09:00 EST
    ['0 9 * * 7', '2027-01-17T14:00:00Z', 'America/New_York', true], // 7 is Sunday too
    ['5/15 * * * *', '2027-01-15T10:35:00Z', 'UTC', true],
    ['5/15 * * * *', '2027-01-15T10:30:00Z', 'UTC', false],
    ['*/10 8-10 * * *', '2027-01-15T10:50:00Z', 'UTC', true],
    ['0 0 1,15 * *', '2027-01-15T00:00:00Z', 'UTC', true],
    // Both day fields restricted: either one fires (the 1st, or any Monday).
    ['0 0 1 * 1', '2027-01-18T00:00:00Z', 'UTC', true],
    ['0 0 1 * 1', '2027-01-19T00:00:00Z', 'UTC', false],
  ])('%s at %s in %s: %s', (cron, at, zone, expected) => {
    expect(cronMatches(parseCron(cron), new Date(at), zone)).toBe(expected);
  });
});

describe('latestFireTime', () => {
  const cron = parseCron('30 2 * * *');
  test('a wall-clock time the clocks skip (02:30 on the spring change in Paris) never fires', () => {
    expect(
      latestFireTime(cron, 'Europe/Paris', new Date('2027-03-28T00:00:00Z'), new Date('2027-03-28T03:00:00Z')),
    ).toBeNull();
  });
  test('answers the latest fire time in the window, excluding its start', () => {
    const every = parseCron('*/5 * * * *');
    expect(
      latestFireTime(every, 'UTC', new Date('2027-01-15T10:00:00Z'), new Date('2027-01-15T10:12:59Z'))?.toISOString(),
    ).toBe('2027-01-15T10:10:00.000Z');
    expect(latestFireTime(every, 'UTC', new Date('2027-01-15T10:10:00Z'), new Date('2027-01-15T10:14:59Z'))).toBeNull();
  });
});
