import { describe, expect, test } from 'vitest';
import { decimalPlaces } from './field-value-schema';

describe('decimalPlaces', () => {
  test.each([
    [0, 0],
    [12, 0],
    [1.5, 1],
    [12.34, 2],
    [0.001, 3],
    [-7.125, 3],
    [1e-7, 7],
    [1e21, 0],
    [123456.789, 3],
  ])('%d has %d decimals', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});
