import { describe, expect, test } from 'vitest';
import { columnsFromRecord, recordColumns, recordFromRow } from './record-mapper';
import { unitSnapshot } from './test-snapshot';

const opportunity = unitSnapshot.objects[1]!;

describe('record mapper', () => {
  test('lists standard and field columns, never search, none for many-to-many', () => {
    expect(recordColumns(opportunity)).toEqual([
      'id',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
      'owner_id',
      'deleted_at',
      'version',
      'title',
      'amount_amount',
      'amount_currency_code',
      'close_date',
      'payload',
      'company_id',
    ]);
  });

  test('maps a row to API form', () => {
    const row = {
      id: 'r1',
      created_at: new Date('2024-01-02T03:04:05.000Z'),
      updated_at: '2024-01-02T03:04:05.000Z',
      created_by: null,
      updated_by: null,
      owner_id: 'u1',
      deleted_at: null,
      version: 3,
      title: 'Deal',
      amount_amount: '12.50',
      amount_currency_code: 'EUR',
      close_date: new Date(2024, 1, 29),
      payload: { a: 1 },
      company_id: 'c1',
    };
    expect(recordFromRow(opportunity, row)).toEqual({
      id: 'r1',
      createdAt: '2024-01-02T03:04:05.000Z',
      updatedAt: '2024-01-02T03:04:05.000Z',
      createdBy: null,
      updatedBy: null,
      ownerId: 'u1',
      deletedAt: null,
      version: 3,
      title: 'Deal',
      amount: { amount: 12.5, currencyCode: 'EUR' },
      closeDate: '2024-02-29',
      payload: { a: 1 },
      companyId: 'c1',
    });
    expect(recordFromRow(opportunity, { ...row, amount_amount: null, amount_currency_code: null }).amount).toBeNull();
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['scalars and owner', { title: 'x', ownerId: 'u' }, { title: 'x', owner_id: 'u' }],
    [
      'a whole composite',
      { amount: { amount: 1, currencyCode: 'USD' } },
      { amount_amount: 1, amount_currency_code: 'USD' },
    ],
    ['one composite part', { amount: { amount: 2 } }, { amount_amount: 2 }],
    ['a null composite', { amount: null }, { amount_amount: null, amount_currency_code: null }],
    ['JSON as text', { payload: [1, 2] }, { payload: '[1,2]' }],
    ['relations', { companyId: 'c1', tagsIds: ['t'] }, { company_id: 'c1' }],
  ])('writes %s', (_, data, columns) => {
    expect(columnsFromRecord(opportunity, data)).toEqual(columns);
  });
});
