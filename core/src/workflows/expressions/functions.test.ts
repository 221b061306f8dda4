import { describe, expect, test } from 'vitest';
import { compileExpression } from './compile-expression';
import { EXPRESSION_FUNCTIONS } from './function-library';
import { context, scope, values } from './test-scope';

const run = (source: string) => compileExpression(source, scope, { step: 's', setting: 'v' }).evaluate(values, context);

describe('the function library', () => {
  test.each([
    ['upper("ab")', 'AB'],
    ['lower("AB")', 'ab'],
    ['trim("  a ")', 'a'],
    ['capitalize("ada")', 'Ada'],
    ['contains(record.title, "deal")', true],
    ['startsWith(record.title, "Big")', true],
    ['endsWith(record.title, "x")', false],
    ['concat("a", null, 1, true)', 'a1true'],
    ['replace("a.b.c", ".", "-")', 'a-b-c'],
    ['replace("aaa", "", "x")', 'aaa'],
    ['left("abcdef", 2)', 'ab'],
    ['right("abcdef", 2)', 'ef'],
    ['right("abc", 0)', ''],
    ['substring("abcdef", 2, 3)', 'cde'],
    ['substring("abcdef", 4)', 'ef'],
    ['split("a,b", ",")', ['a', 'b']],
    ['length("abc")', 3],
    ['length(record.tags)', 1],
    ['fullName("Ada", "Lovelace")', { firstName: 'Ada', lastName: 'Lovelace' }],
    ['fullName(null, "Lovelace")', { firstName: '', lastName: 'Lovelace' }],
    ['text(12)', '12'],
    ['text(null)', null],
    ['upper(null)', null],
  ])('text: %s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  test.each([
    ['abs(-2)', 2],
    ['floor(2.7)', 2],
    ['ceil(2.1)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1.005, 2)', 1.01],
    ['min(3, 1, 2)', 1],
    ['max([3, 1, 2])', 3],
    ['sum([1, null, 2])', 3],
    ['average(2, 4)', 3],
    ['sum([])', null],
    ['number(" 12.5 ")', 12.5],
    ['number("12abc")', null],
  ])('numbers: %s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  test.each([
    ['now()', '2026-03-31T22:30:00.000Z'],
    // 22:30 UTC on March 31 is already April 1 in Paris (UTC+2 in summer time).
    ['today()', '2026-04-01'],
    ['today("UTC")', '2026-03-31'],
    ['date(now())', '2026-04-01'],
    ['date("2026-02-03")', '2026-02-03'],
    ['addDays(record.closeDate, 1)', '2026-02-01'],
    ['addDays(record.createdAt, -1)', '2026-02-28T08:00:00.000Z'],
    ['addHours(record.createdAt, 3)', '2026-03-01T11:00:00.000Z'],
    ['addMinutes(record.createdAt, 90)', '2026-03-01T09:30:00.000Z'],
    ['addMonths(record.closeDate, 1)', '2026-02-28'],
    ['addMonths("2024-01-31", 1)', '2024-02-29'],
    ['addMonths("2026-03-15", -3)', '2025-12-15'],
    ['daysBetween(record.closeDate, "2026-03-02")', 30],
    ['daysBetween("2026-03-02", record.closeDate)', -30],
    ['year(record.closeDate)', 2026],
    ['month(record.closeDate)', 1],
    ['day(record.closeDate)', 31],
    ['formatDate(record.createdAt, "EEE dd/MM/yy HH:mm")', 'Sun 01/03/26 09:00'],
    ['formatDate(record.createdAt, "HH:mm \'UTC\'", "UTC")', '08:00 UTC'],
    ['addDays(null, 1)', null],
  ])('dates: %s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  test.each([
    ['coalesce(null, "", "x")', 'x'],
    ['coalesce(null, null)', null],
    ['isEmpty("  ")', true],
    ['isEmpty(record.contact)', false],
    ['isEmpty([])', true],
    ['count(record.tags)', 1],
    ['count(null)', 0],
    ['first([4, 5])', 4],
    ['last([4, 5])', 5],
    ['includes(record.tags, "HOT")', true],
    ['join(["a", "b"], " / ")', 'a / b'],
    ['join(record.tags)', 'HOT'],
  ])('null handling and lists: %s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  test('bad run-time arguments fail with the function named', () => {
    expect(() => run('today("Mars/Olympus")')).toThrow('"Mars/Olympus" is not a time zone');
    expect(() => run('left("abc", 1.5)')).toThrow('count must be a whole number');
    expect(() => run('addDays("soon", 1)')).toThrow('date must be a date (YYYY-MM-DD) or a date-time');
  });

  test('every function documents itself for the editor', () => {
    for (const [name, fn] of EXPRESSION_FUNCTIONS) {
      expect(fn.description, name).toMatch(/\.$/);
      expect(
        fn.params.every((p) => p.name.length > 0),
        name,
      ).toBe(true);
    }
  });
});
