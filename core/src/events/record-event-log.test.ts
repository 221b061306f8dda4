import { describe, expect, test } from 'vitest';
import { parseEventCursor } from './record-event-log';

describe('parseEventCursor', () => {
  test.each([
    ['1234.56', { tx: '1234', id: '56' }],
    [' 18446744073709551615.9223372036854775807 ', { tx: '18446744073709551615', id: '9223372036854775807' }],
  ])('%s is a cursor', (text, cursor) => {
    expect(parseEventCursor(text)).toEqual(cursor);
  });

  test.each([
    ['yesterday'],
    ['12'],
    ['1.2.3'],
    ['-1.2'],
    ['1.2; drop table x'],
    [''],
    ['123456789012345678901.1'],
    ['18446744073709551616.1'],
    ['1.9223372036854775808'],
  ])('%s is not one', (text) => {
    expect(parseEventCursor(text)).toBeNull();
  });
});
