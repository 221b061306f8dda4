import { describe, expect, test } from 'vitest';
import { RFM_SEGMENTS, rfmSegmentOf } from './rfm-segments';

describe('the RFM segment map', () => {
  test('every (recency, frequency) cell of 1-5 falls in exactly one class', () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) {
        const hits = RFM_SEGMENTS.filter(
          (s) => r >= s.recency[0] && r <= s.recency[1] && f >= s.frequency[0] && f <= s.frequency[1],
        );
        expect(
          hits.map((h) => h.value),
          `R${r} F${f}`,
        ).toHaveLength(1);
      }
  });

  test.each([
    [5, 5, 'CHAMPIONS'],
    [4, 4, 'LOYAL'],
    [5, 1, 'NEW_CUSTOMER'],
    [4, 1, 'PROMISING'],
    [5, 3, 'POTENTIAL_LOYALIST'],
    [3, 3, 'NEED_ATTENTION'],
    [3, 1, 'ABOUT_TO_SLEEP'],
    [1, 5, 'CANT_LOSE'],
    [2, 3, 'AT_RISK'],
    [1, 1, 'HIBERNATING'],
  ])('R%i F%i is %s', (r, f, value) => {
    expect(rfmSegmentOf(r, f)?.value).toBe(value);
  });
});
