import { describe, expect, test } from 'vitest';
import { isRelataError } from '../../errors';
import { compileExpression } from './compile-expression';
import { context, fieldId, scope, values } from './test-scope';

const site = { step: 'notify', setting: 'subject' };
const run = (source: string) => compileExpression(source, scope, site).evaluate(values, context);

function failure(source: string, evaluate = false) {
  try {
    const compiled = compileExpression(source, scope, site);
    if (evaluate) compiled.evaluate(values, context);
  } catch (error) {
    if (isRelataError(error)) return error;
    throw error;
  }
  throw new Error(`${source} did not fail`);
}

describe('evaluating expressions over a record', () => {
  test.each([
    ['record.title', 'Big deal'],
    ['record.amount.amount * 2', 2401],
    ['record.seats > 10 and not record.won', true],
    ['record.stage == "OPEN" ? "open" : "closed"', 'open'],
    ['record.closeDate < "2026-02-01"', true],
    ['record.contact.firstName + " " + upper(record.contact.lastName)', 'Ada LOVELACE'],
  ])('%s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  test.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 % 4 - -1', 3],
    ['"a" + 1', 'a1'],
    ['null ?? "fallback"', 'fallback'],
    ['1 < 2 && 2 <= 2 || false', true],
    ['!(1 == 1)', false],
    ['[1, 2, 3][1]', 2],
    ['[1, 2][5]', null],
    ["'it\\'s'", "it's"],
  ])('operators: %s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  test('member access on null is null, not an error', () => {
    expect(compileExpression('record.extra.nothing.deeper', scope, site).evaluate(values, context)).toBeNull();
  });

  test('data of unknown shape (a JSON field) is navigated by its own keys and positions', () => {
    expect(run('record.extra.source.campaign')).toBe('spring');
    expect(run('record.extra.scores[1]')).toBe(5);
    expect(run('record.extra.toString')).toBeNull();
    expect(run('record.extra.hasOwnProperty')).toBeNull();
  });

  test('a relation field is not a record: ids only', () => {
    const error = failure('record.title.length');
    expect(error.message).toContain('text has no fields');
  });
});

describe('type errors name the step, the setting and the offending part', () => {
  test.each([
    ['record.titel', 'deal has no field "titel"', 'titel'],
    ['record.seats + true', '"+" cannot combine number with boolean', 'record.seats + true'],
    ['record.title > 3', '">" cannot combine text with number', 'record.title > 3'],
    ['upper(record.seats)', 'text of upper() must be text, not number', 'record.seats'],
    ['left("a")', 'left() takes 2 argument(s), not 1', 'left("a")'],
    ['nope(1)', 'unknown function "nope"', 'nope'],
    ['user.name', 'unknown name "user" (expressions start from record, actor)', 'user'],
    ['record.won ? 1 : "a"', 'the two branches give number and text', 'record.won ? 1 : "a"'],
    ['record.won and 1', 'the right side of "&&" must be boolean, not number', '1'],
    ['record.tags[record.title]', 'a list position must be number, not text', 'record.title'],
    ['1 +', 'the expression is incomplete', ''],
    ['"open', 'unterminated string', '"open'],
    ['record.title @', 'unexpected character "@"', '@'],
    ['', 'the expression is empty', ''],
  ])('%s', (source, message, fragment) => {
    const error = failure(source);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('Step "notify", setting "subject"');
    expect(error.message).toContain(message);
    expect(error.details).toMatchObject({
      field: 'steps.notify.subject',
      step: 'notify',
      setting: 'subject',
      fragment,
    });
  });

  test('run-time failures name the part that failed', () => {
    const error = failure('record.seats / (record.seats - 12)', true);
    expect(error.message).toContain('division by zero');
    expect(error.details.fragment).toBe('record.seats / (record.seats - 12)');
  });

  test('an expression nested too deep is refused before it can exhaust the stack', () => {
    expect(failure(`${'('.repeat(200)}1${')'.repeat(200)}`).message).toContain('nested deeper than 64 levels');
    expect(failure(`${'-'.repeat(500)}1`).message).toContain('nested deeper');
    expect(failure(Array.from({ length: 100 }, () => '1').join(' + ')).message).toContain('nested deeper');
  });

  test('expressions longer than the limit are refused', () => {
    expect(failure(`"${'x'.repeat(10_001)}"`).message).toContain('longer than 10000 characters');
  });
});

describe('fields are stored by stable id and shown by name', () => {
  test('the stored form names fields by id and evaluates the same', () => {
    const compiled = compileExpression('upper(record.title) + " " + record.amount.currencyCode', scope, site);
    expect(compiled.stored).toBe(
      `upper(record.#${fieldId('title')}) + " " + record.#${fieldId('amount')}.currencyCode`,
    );
    const stored = compileExpression(compiled.stored, scope, site);
    expect(stored.display).toBe('upper(record.title) + " " + record.amount.currencyCode');
    expect(stored.evaluate(values, context)).toBe('BIG DEAL EUR');
  });

  test('a stored reference to a deleted field says so', () => {
    expect(failure('record.#0193ffff-dead-7000-8000-000000000000').message).toContain(
      'deal has no field with id 0193ffff-dead-7000-8000-000000000000 (it was deleted)',
    );
  });

  test('standard fields have no id and stay by name', () => {
    expect(compileExpression('record.createdAt', scope, site).stored).toBe('record.createdAt');
  });
});
