import { describe, expect, test } from 'vitest';
import { toE164 } from './phone-number';

describe('toE164', () => {
  test.each([
    ['+15551234567', '+15551234567'],
    ['+1 (555) 123-4567', '+15551234567'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+33.1.23.45.67.89', '+33123456789'],
  ])('%s reads as %s', (written, e164) => expect(toE164(written)).toBe(e164));

  test.each(['555 1234', '07946 0958', '+0123456789', '+1234567890123456', 'call me'])(
    '%s is not an E.164 number',
    (written) => expect(toE164(written)).toBeNull(),
  );
});
