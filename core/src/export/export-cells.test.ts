import { describe, expect, test } from 'vitest';
import { csvLine } from './csv-line';
import { neutralize, toCell, valueAt } from './export-cells';

describe('neutralize', () => {
  test.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j becomes %j', (text, cell) => {
    expect(neutralize(text)).toBe(cell);
  });
});

describe('toCell', () => {
  test('numbers and truth values keep their type; lists join; objects become JSON; text is neutralised', () => {
    expect(toCell(-5)).toBe(-5);
    expect(toCell(false)).toBe(false);
    expect(toCell(null)).toBeNull();
    expect(toCell(['RED', 'BLUE'])).toBe('RED, BLUE');
    expect(toCell({ plan: '=cmd' })).toBe('{"plan":"=cmd"}');
    expect(toCell(['=1', 'x'])).toBe("'=1, x");
  });

  test('valueAt reads own keys only', () => {
    const record = JSON.parse('{"amount":{"amount":5},"__proto__":{"polluted":1}}');
    expect(valueAt(record, ['amount', 'amount'])).toBe(5);
    expect(valueAt(record, ['constructor'])).toBeNull();
    expect(valueAt(record, ['toString'])).toBeNull();
    expect(valueAt(record, ['amount', 'missing'])).toBeNull();
  });
});

describe('csvLine', () => {
  test('quotes what needs quoting and ends with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, true])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,3,true\r\n',
    );
  });
});
