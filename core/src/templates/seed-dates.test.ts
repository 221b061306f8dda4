import { describe, expect, test } from 'vitest';
import { seedDateShift, shiftSeedDate } from './seed-dates';

describe('seed dates relative to the install day', () => {
  test('the shift is the whole days from the reference day to the UTC day of now', () => {
    expect(seedDateShift('2026-11-30', new Date('2026-12-07T23:59:00Z'))).toBe(7);
    expect(seedDateShift('2026-11-30', new Date('2026-11-30T00:00:00Z'))).toBe(0);
    expect(seedDateShift('2026-03-01', new Date('2026-02-01T12:00:00Z'))).toBe(-28);
    expect(seedDateShift(undefined, new Date())).toBe(0);
  });

  test.each([
    ['2026-11-30', 7, '2026-12-07'],
    ['2026-02-27', 2, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-05T09:30:00Z', 30, '2027-01-04T09:30:00Z'],
    ['2026-12-05T09:30:00.000+02:00', -5, '2026-11-30T09:30:00.000+02:00'],
    ['', 7, ''],
    ['not a date', 7, 'not a date'],
  ])('%s moved by %i days is %s', (cell, days, shifted) => {
    expect(shiftSeedDate(cell, days)).toBe(shifted);
  });
});
