import { describe, expect, test } from 'vitest';
import { settingTainted } from './run-log-taint';

const SECRET = '0193a000-0000-7000-8000-00000000000a';
const TITLE = '0193a000-0000-7000-8000-00000000000b';
const hidden = { ids: new Set([SECRET]) };
const none = { ids: new Set<string>() };

describe('settingTainted', () => {
  test.each([
    ['a readable field', `{{ record.#${TITLE} }}`, false],
    ['a hidden field', `Hi {{ record.#${SECRET} }}`, true],
    ['a hidden field as a filter key', { [SECRET]: { eq: 'x' } }, true],
    ['a standard member', '{{ record.id }} by {{ actor.id }}', false],
    ['the whole record', '{{ record }}', true],
    ['a whole found record', '{{ steps.find.first }}', true],
    ['a found record list in a function', 'count(steps.find.records)', true],
    ['a count', '{{ steps.find.count }}', false],
    ['a field of a found record', `{{ steps.find.first.#${TITLE} }}`, false],
    ['the output of a tainted step', '{{ steps.call.body }}', true],
    ['a plain text', 'Welcome', false],
  ])('%s', (_name, stored, expected) => {
    expect(settingTainted(stored, hidden, new Set(['call']))).toBe(expected);
  });

  test('whole records taint nothing when the reader sees every field', () => {
    expect(settingTainted('{{ record }} {{ steps.find.first }}', none, new Set())).toBe(false);
  });
});
