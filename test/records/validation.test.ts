import type { RecordWriter } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, rejection, USER } from './record-test-kit';

let kit: RecordTestKit;
let records: RecordWriter;

beforeAll(async () => {
  kit = await createRecordTestKit('records_validation');
  records = kit.service();
});
afterAll(() => kit.database.drop());

const EMPTY_ADDRESS = { street1: null, street2: null, city: null, state: null, postcode: null, country: null };

describe('accepted values are stored and returned in API form', () => {
  test.each<[string, unknown, unknown]>([
    ['code', 'abc', 'abc'],
    ['notes', '<p>Hello</p>', '<p>Hello</p>'],
    ['ratio', 12.34, 12.34],
    ['count', 3, 3],
    ['price', { amount: 10.5, currencyCode: 'USD' }, { amount: 10.5, currencyCode: 'USD' }],
    ['active', false, false],
    ['day', '2024-02-29', '2024-02-29'],
    ['moment', '2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['status', 'OPEN', 'OPEN'],
    ['labels', ['RED', 'BLUE', 'RED'], ['RED', 'BLUE']],
    ['email', 'ada@example.com', 'ada@example.com'],
    ['phone', '+44 (20) 7946-0958', '+44 (20) 7946-0958'],
    ['website', 'https://example.com/path?q=1', 'https://example.com/path?q=1'],
    ['score', 5, 5],
    ['payload', { list: [1, 'two', null], nested: { ok: true } }, { list: [1, 'two', null], nested: { ok: true } }],
    ['payload', ['a', 1], ['a', 1]],
    ['address', { city: 'Paris', country: 'FR' }, { ...EMPTY_ADDRESS, city: 'Paris', country: 'FR' }],
    ['contact', { firstName: 'Ada', lastName: 'Lovelace' }, { firstName: 'Ada', lastName: 'Lovelace' }],
  ])('%s: %j', async (key, input, stored) => {
    const created = await records.create(kit.ctx, 'sample', { [key]: input });
    expect(created[key]).toEqual(stored);
  });
});

describe('refused values name the offending field', () => {
  test.each<[string, unknown, string]>([
    ['code', 'a', 'data.code'],
    ['code', 'abcdefghi', 'data.code'],
    ['code', 'ABC', 'data.code'],
    ['code', 12, 'data.code'],
    ['ratio', 1.234, 'data.ratio'],
    ['ratio', -1, 'data.ratio'],
    ['ratio', 1001, 'data.ratio'],
    ['ratio', '12', 'data.ratio'],
    ['count', 1.5, 'data.count'],
    ['count', 1e21, 'data.count'],
    ['price', { amount: 1, currencyCode: 'usd' }, 'data.price.currencyCode'],
    ['price', { amount: 1 }, 'data.price.currencyCode'],
    ['price', { amount: 1.001, currencyCode: 'USD' }, 'data.price.amount'],
    ['price', { amount: 1, currencyCode: 'USD', rate: 2 }, 'data.price.rate'],
    ['price', 12, 'data.price'],
    ['active', 'yes', 'data.active'],
    ['day', '2023-02-29', 'data.day'],
    ['day', '2024-1-5', 'data.day'],
    ['moment', 'yesterday', 'data.moment'],
    ['status', 'MAYBE', 'data.status'],
    ['labels', ['RED', 'PINK'], 'data.labels[1]'],
    ['labels', 'RED', 'data.labels'],
    ['email', 'not-an-email', 'data.email'],
    ['phone', 'call me maybe', 'data.phone'],
    ['phone', '(--)', 'data.phone'],
    ['website', 'javascript:alert(1)', 'data.website'],
    ['website', 'ftp://example.com', 'data.website'],
    ['score', 0, 'data.score'],
    ['score', 6, 'data.score'],
    ['score', 2.5, 'data.score'],
    ['payload', { at: () => 1 }, 'data.payload'],
    ['address', { town: 'Paris' }, 'data.address.town'],
    ['contact', { firstName: 3 }, 'data.contact.firstName'],
  ])('%s: %j', async (key, input, field) => {
    const error = await rejection(() => records.create(kit.ctx, 'sample', { [key]: input }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(field);
  });

  test.each([
    [{ ratio: '12' }, 'Invalid value for data.ratio: must be a number.'],
    [{ day: '2023-02-29' }, 'Invalid value for data.day: must be a date written YYYY-MM-DD.'],
    [{ labels: ['PINK'] }, 'Invalid value for data.labels[0]: must be one of RED, GREEN, BLUE.'],
    [{ payload: { f: () => 1 } }, 'Invalid value for data.payload: must be JSON'],
  ])('the message says what is wrong: %j', async (data, message) => {
    expect((await rejection(() => records.create(kit.ctx, 'sample', data))).message).toContain(message);
  });

  test('every issue is kept in details, the first one names the error', async () => {
    const error = await rejection(() => records.create(kit.ctx, 'sample', { code: 'A', score: 9 }));
    expect(error.details.field).toBe('data.code');
    expect(error.details.issues).toEqual([
      expect.objectContaining({ field: 'data.code' }),
      expect.objectContaining({ field: 'data.code' }),
      expect.objectContaining({ field: 'data.score' }),
    ]);
  });
});

describe('input keys', () => {
  test.each(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'deletedAt', 'version', 'search'])(
    'system field %s is refused',
    async (key) => {
      const error = await rejection(() => records.create(kit.ctx, 'company', { name: 'Acme', [key]: 1 }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.details.field).toBe(`data.${key}`);
    },
  );

  test.each([
    ['__proto__', JSON.parse('{"name":"Acme","__proto__":{"polluted":true}}')],
    ['constructor', { name: 'Acme', constructor: 'x' }],
    ['prototype', { name: 'Acme', prototype: {} }],
  ])('prototype key %s is refused', async (key, data) => {
    const error = await rejection(() => records.create(kit.ctx, 'company', data));
    expect(error.details.field).toBe(`data.${key}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('unknown keys are refused; a relation name hints at its id key', async () => {
    expect((await rejection(() => records.create(kit.ctx, 'company', { name: 'A', nope: 1 }))).details.field).toBe(
      'data.nope',
    );
    const error = await rejection(() => records.create(kit.ctx, 'person', { company: 'x' }));
    expect(error.details.field).toBe('data.company');
    expect(error.message).toContain('companyId');
  });

  test('system keys are refused on update too', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Keys' });
    const error = await rejection(() => records.update(kit.ctx, 'company', company.id as string, { version: 9 }));
    expect(error.details.field).toBe('data.version');
  });

  test('an unknown object is bad input', async () => {
    const error = await rejection(() => records.create(kit.ctx, 'spaceship', {}));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'object' } });
  });
});

describe('required fields and defaults', () => {
  test('a required field must be given on create and cannot be nulled on update', async () => {
    const missing = await rejection(() => records.create(kit.ctx, 'company', { domain: 'x.com' }));
    expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data.name' } });
    expect(missing.message).toContain('required');
    const nulled = await rejection(() => records.create(kit.ctx, 'company', { name: null }));
    expect(nulled.details.field).toBe('data.name');
    const company = await records.create(kit.ctx, 'company', { name: 'Required' });
    const update = await rejection(() => records.update(kit.ctx, 'company', company.id as string, { name: null }));
    expect(update.details.field).toBe('data.name');
  });

  test('defaults fill absent fields, explicit null stays null', async () => {
    expect(await records.create(kit.ctx, 'sample', {})).toMatchObject({ count: 7, price: null });
    expect(await records.create(kit.ctx, 'sample', { count: null })).toMatchObject({ count: null });
    expect(await records.create(kit.ctx, 'company', { name: 'Defaults' })).toMatchObject({ tier: 'SMB' });
  });

  test('a currency without a code takes the field default currency', async () => {
    const opportunity = await records.create(kit.ctx, 'opportunity', { title: 'Deal', amount: { amount: 1200 } });
    expect(opportunity).toMatchObject({ amount: { amount: 1200, currencyCode: 'EUR' }, stage: 'NEW' });
  });

  test('ownerId defaults to the acting user and may be set', async () => {
    expect(await records.create(kit.ctx, 'company', { name: 'Mine' })).toMatchObject({ ownerId: USER.id });
    // An owner must be an active member of the workspace.
    const other = '0190a000-0000-7000-8000-0000000000ff';
    const notMember = await rejection(() => records.create(kit.ctx, 'company', { name: 'Theirs', ownerId: other }));
    expect(notMember).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data.ownerId' } });
    await kit.db.query(`insert into relata.users (id, email, name) values ($1, 'other@records.test', 'Other')`, [
      other,
    ]);
    await kit.db.query('insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, $3)', [
      kit.snapshot.workspaceId,
      other,
      'member',
    ]);
    expect(await records.create(kit.ctx, 'company', { name: 'Theirs', ownerId: other })).toMatchObject({
      ownerId: other,
    });
    const system = { ...kit.ctx, actor: { kind: 'system' as const, id: null, role: 'system' } };
    expect(await records.create(system, 'company', { name: 'Nobody' })).toMatchObject({ ownerId: null });
    const bad = await rejection(() => records.create(kit.ctx, 'company', { name: 'X', ownerId: 'me' }));
    expect(bad.details.field).toBe('data.ownerId');
  });
});

describe('references', () => {
  test('a many-to-one id must point at a live record', async () => {
    const missing = await rejection(() =>
      records.create(kit.ctx, 'person', { companyId: '0190a000-0000-7000-8000-00000000abcd' }),
    );
    expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data.companyId' } });
    const company = await records.create(kit.ctx, 'company', { name: 'Gone' });
    await records.softDelete(kit.ctx, 'company', company.id as string);
    const deleted = await rejection(() => records.create(kit.ctx, 'person', { companyId: company.id }));
    expect(deleted.details.field).toBe('data.companyId');
    expect(deleted.message).toContain('deleted');
  });

  test('many-to-many ids are checked and named in bulk paths', async () => {
    const tag = await records.create(kit.ctx, 'tag', { label: 'ok' });
    const error = await rejection(() =>
      records.createMany(kit.ctx, 'opportunity', [
        { title: 'a', tagsIds: [tag.id] },
        { title: 'b', tagsIds: [tag.id, '0190a000-0000-7000-8000-00000000dead'] },
      ]),
    );
    expect(error.details.field).toBe('data[1].tagsIds');
  });

  test('ids must be uuids', async () => {
    const error = await rejection(() => records.create(kit.ctx, 'person', { companyId: '42' }));
    expect(error.details.field).toBe('data.companyId');
  });
});
