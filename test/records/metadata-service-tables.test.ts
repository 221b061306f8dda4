import type { RecordWriter } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, rejection } from './record-test-kit';

let kit: RecordTestKit;
let records: RecordWriter;

beforeAll(async () => {
  kit = await createRecordTestKit('records_on_metadata', 'metadata-service');
  records = kit.service();
});
afterAll(() => kit.database.drop());

const table = (name: string) => `"${kit.snapshot.schemaName}"."${name}"`;

describe('the record service on tables made by the metadata service', () => {
  test('creates with defaults, keeps the search column, and reads back in API form', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Meta Corp', domain: 'meta.test' });
    expect(company).toMatchObject({ name: 'Meta Corp', tier: 'SMB', version: 1 });
    const { rows } = await kit.db.query<{ search: string | null }>(
      `select search::text as search from ${table('companies')} where id = $1`,
      [company.id],
    );
    expect(rows[0]?.search).toContain('meta');
  });

  test('unique CONFLICT and RESTRICT / SET NULL / CASCADE on destroy', async () => {
    await records.create(kit.ctx, 'company', { name: 'U1', domain: 'u.test' });
    const duplicate = await rejection(() => records.create(kit.ctx, 'company', { name: 'U2', domain: 'u.test' }));
    expect(duplicate).toMatchObject({ code: 'CONFLICT', details: { field: 'domain' } });

    const company = await records.create(kit.ctx, 'company', { name: 'Parent' });
    const person = await records.create(kit.ctx, 'person', { email: 'p@meta.test', companyId: company.id });
    const note = await records.create(kit.ctx, 'note', { body: 'x', companyId: company.id });
    const opportunity = await records.create(kit.ctx, 'opportunity', { title: 'Deal', companyId: company.id });
    const blocked = await rejection(() => records.destroy(kit.ctx, 'company', company.id as string));
    expect(blocked).toMatchObject({ code: 'CONFLICT', details: { relation: 'opportunity.company' } });
    await records.destroy(kit.ctx, 'opportunity', opportunity.id as string);
    await records.destroy(kit.ctx, 'company', company.id as string);
    const people = await kit.db.query(`select company_id from ${table('people')} where id = $1`, [person.id]);
    expect(people.rows).toEqual([{ company_id: null }]);
    const notes = await kit.db.query(`select 1 from ${table('notes')} where id = $1`, [note.id]);
    expect(notes.rowCount).toBe(0);
  });

  test('many-to-many sets, updates with locking, createMany', async () => {
    const tags = await records.createMany(kit.ctx, 'tag', [{ label: 'm1' }, { label: 'm2' }]);
    const opportunity = await records.create(kit.ctx, 'opportunity', {
      title: 'Tagged',
      amount: { amount: 99.5 },
      tagsIds: tags.map((t) => t.id),
    });
    expect(opportunity).toMatchObject({ amount: { amount: 99.5, currencyCode: 'EUR' }, stage: 'NEW' });
    const updated = await records.update(kit.ctx, 'opportunity', opportunity.id as string, { tagsIds: [] }, 1);
    expect(updated).toMatchObject({ version: 2, tagsIds: [] });
    const created = await records.createMany(
      kit.ctx,
      'sample',
      Array.from({ length: 1000 }, (_, i) => ({ code: 'abc', count: i, labels: ['RED'], address: { city: 'Rome' } })),
    );
    expect(created[999]).toMatchObject({ count: 999, labels: ['RED'], address: { city: 'Rome' } });
  });
});
