import { describe, expect, test } from 'vitest';
import { unitSnapshot } from '../records/test-snapshot';
import { csvRowReader } from './csv-row';

describe('csvRowReader', () => {
  const read = csvRowReader(unitSnapshot, 'opportunity');

  test('builds composites from dotted headers and converts cells by field type', () => {
    expect(
      read({
        title: 'Deal',
        'amount.amount': '12.50',
        'amount.currencyCode': 'EUR',
        closeDate: '2025-01-31',
        payload: '{"a":[1,2]}',
        companyId: 'c1',
        tagsIds: 'a, b',
      }),
    ).toEqual({
      title: 'Deal',
      amount: { amount: 12.5, currencyCode: 'EUR' },
      closeDate: '2025-01-31',
      payload: { a: [1, 2] },
      companyId: 'c1',
      tagsIds: ['a', 'b'],
    });
  });

  test('empty cells are not given; unconvertible and unknown cells pass through for validation', () => {
    expect(read({ title: '', 'amount.amount': 'lots', payload: 'plain', id: 'x', nope: 'y' })).toEqual({
      amount: { amount: 'lots' },
      payload: 'plain',
      id: 'x',
      nope: 'y',
    });
  });
});
