import { describe, expect, test } from 'vitest';
import { renameOptionLiterals } from './option-literals';

const STAGE = '0190a000-0000-7000-8000-0000000000aa';
const OTHER = '0190a000-0000-7000-8000-0000000000bb';
const renames = new Map([[STAGE, new Map([['WON', 'CLOSED_WON']])]]);

describe('renameOptionLiterals', () => {
  test.each([
    [`record.#${STAGE} == 'WON'`, `record.#${STAGE} == 'CLOSED_WON'`],
    [`"WON" != record.#${STAGE}`, `"CLOSED_WON" != record.#${STAGE}`],
    [
      `includes(["WON", "LOST"], steps.find.first.#${STAGE})`,
      `includes(["CLOSED_WON", "LOST"], steps.find.first.#${STAGE})`,
    ],
    [`includes(record.#${STAGE}, 'WON')`, `includes(record.#${STAGE}, 'CLOSED_WON')`],
    // Another field's literal, a literal not compared, text that does not parse: unchanged.
    [`record.#${OTHER} == 'WON'`, `record.#${OTHER} == 'WON'`],
    [`record.#${STAGE} == 'WON' ? 'WON' : "x"`, `record.#${STAGE} == 'CLOSED_WON' ? 'WON' : "x"`],
    [`record.#${STAGE} == 'WON' ==`, `record.#${STAGE} == 'WON' ==`],
    // Templates: each {{ }} part, text around kept, escaped braces kept.
    [
      `\\{{ 'WON' }} {{ record.#${STAGE} == 'WON' }} and {{ lower(record.#${STAGE}) }} WON`,
      `\\{{ 'WON' }} {{ record.#${STAGE} == 'CLOSED_WON' }} and {{ lower(record.#${STAGE}) }} WON`,
    ],
    [`{{ record.#${STAGE} == 'WON' `, `{{ record.#${STAGE} == 'WON' `],
  ])('%s', (source, expected) => {
    expect(renameOptionLiterals(source, renames)).toBe(expected);
  });

  test('a new value is quoted in the source quote, escaped for the lexer', () => {
    const tricky = new Map([[STAGE, new Map([['WON', "it's\nwon"]])]]);
    expect(renameOptionLiterals(`record.#${STAGE} == 'WON'`, tricky)).toBe(`record.#${STAGE} == 'it\\'s\\nwon'`);
  });
});
