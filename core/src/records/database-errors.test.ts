import { describe, expect, test } from 'vitest';
import { mapDatabaseError } from './database-errors';
import { unitSnapshot } from './test-snapshot';
import { writeModel } from './write-model';

const company = writeModel(unitSnapshot, 'company');
const opportunity = writeModel(unitSnapshot, 'opportunity');

describe('mapDatabaseError', () => {
  test('unique violation -> CONFLICT naming the field', () => {
    const error = mapDatabaseError(
      {
        code: '23505',
        message: 'dup',
        constraint: 'companies_domain_idx',
        detail: 'Key (domain)=(a.test) already exists.',
      },
      company,
    );
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'domain' } });
  });

  test.each(['Key (lower(domain))=(a.test) already exists.', 'Key (lower((domain)::text))=(a.test) already exists.'])(
    'a case-insensitive unique key (%s) names its field',
    (detail) => {
      const error = mapDatabaseError({ code: '23505', message: 'dup', detail }, company);
      expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'domain' } });
    },
  );

  test('composite parts are named by their part', () => {
    const error = mapDatabaseError(
      { code: '23505', message: 'dup', detail: 'Key (amount_currency_code)=(EUR) already exists.' },
      opportunity,
    );
    expect(error).toMatchObject({ details: { field: 'amount.currencyCode' } });
  });

  test.each([
    ['23503', 'Key (id)=(x) is still referenced from table "opportunities".'],
    ['23001', 'Key (id)=(x) is referenced from table "opportunities".'],
  ])('restrict on delete (%s) -> CONFLICT naming the relation', (code, detail) => {
    const error = mapDatabaseError(
      { code, message: 'fk', table: 'opportunities', constraint: 'opportunities_company_id_fkey', detail },
      company,
    );
    expect(error).toMatchObject({ code: 'CONFLICT', details: { relation: 'opportunity.company' } });
    expect((error as Error).message).toContain('opportunities still reference it through "company"');
  });

  test('missing reference on write -> BAD_USER_INPUT on the id key', () => {
    const error = mapDatabaseError(
      {
        code: '23503',
        message: 'fk',
        table: 'opportunities',
        detail: 'Key (company_id)=(x) is not present in table "companies".',
      },
      opportunity,
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data.companyId' } });
  });

  test('not-null -> BAD_USER_INPUT naming the field', () => {
    const error = mapDatabaseError({ code: '23502', message: 'null', column: 'name' }, company);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data.name' } });
  });

  test('a required composite check -> BAD_USER_INPUT naming the field', () => {
    const error = mapDatabaseError(
      { code: '23514', message: 'check', constraint: 'opportunities_amount_required' },
      opportunity,
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data.amount' } });
  });

  test('other errors pass through', () => {
    const boom = new Error('connection lost');
    expect(mapDatabaseError(boom, company)).toBe(boom);
    const deadlock = { code: '40P01', message: 'deadlock' };
    expect(mapDatabaseError(deadlock, company)).toBe(deadlock);
  });
});
