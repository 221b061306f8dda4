import { validate, version } from 'uuid';
import { describe, expect, test } from 'vitest';
import { IdSequence } from './id-sequence';

describe('IdSequence', () => {
  test('gives valid, distinct uuid v7 ids increasing in the order asked, across pool refills', () => {
    const sequence = new IdSequence();
    const ids = Array.from({ length: 2_000 }, () => sequence.next());
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
