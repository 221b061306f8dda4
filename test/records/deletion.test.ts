import type { RecordValues, RecordWriter } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, QUEUE_CONSUMER, queuedWritesOf, type RecordTestKit, rejection } from './record-test-kit';

let kit: RecordTestKit;
let records: RecordWriter;

beforeAll(async () => {
  kit = await createRecordTestKit('records_deletion');
  records = kit.service(QUEUE_CONSUMER);
});
afterAll(() => kit.database.drop());

const idOf = (record: RecordValues) => record.id as string;

async function exists(table: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await kit.db.query<Record<string, unknown>>(
    `select * from "${kit.snapshot.schemaName}"."${table}" where id = $1`,
    [id],
  );
  return rows[0];
}

describe('soft delete and restore', () => {
  test('soft delete sets deletedAt and can be restored', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Recyclable' });
    const deleted = await records.softDelete(kit.ctx, 'company', idOf(company));
    expect(deleted).toMatchObject({ deletedAt: expect.any(String), version: 2 });
    const again = await rejection(() => records.softDelete(kit.ctx, 'company', idOf(company)));
    expect(again.code).toBe('NOT_FOUND');
    const restored = await records.restore(kit.ctx, 'company', idOf(company));
    expect(restored).toMatchObject({ deletedAt: null, version: 3 });
    expect((await rejection(() => records.restore(kit.ctx, 'company', idOf(company)))).code).toBe('NOT_FOUND');

    const { rows } = await kit.db.query<{ action: string; before: unknown; after: unknown; changed_fields: string[] }>(
      'select action, before, after, changed_fields from relata.audit_log where record_id = $1 order by id',
      [company.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['create', 'delete', 'restore']);
    expect(rows[1]).toMatchObject({
      before: { deletedAt: null },
      after: { deletedAt: deleted.deletedAt },
      changed_fields: ['deletedAt'],
    });
    const queued = await queuedWritesOf(kit.db, company.id);
    expect(queued.map((w) => `${w.kind}:${w.event.kind}`)).toEqual([
      'create:CREATED',
      'softDelete:DELETED',
      'restore:RESTORED',
    ]);
  });

  test('unknown ids are NOT_FOUND', async () => {
    const id = '0190a000-0000-7000-8000-00000000f00d';
    for (const write of [
      () => records.softDelete(kit.ctx, 'company', id),
      () => records.restore(kit.ctx, 'company', id),
      () => records.destroy(kit.ctx, 'company', id),
    ]) {
      expect((await rejection(write)).code).toBe('NOT_FOUND');
    }
  });
});

describe('destroy follows each relation onDelete rule', () => {
  test('RESTRICT blocks with a CONFLICT naming the relation; SET NULL and CASCADE apply', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Parent' });
    const person = await records.create(kit.ctx, 'person', { email: 'p@parent.test', companyId: company.id });
    const note = await records.create(kit.ctx, 'note', { body: 'hello', companyId: company.id });
    const opportunity = await records.create(kit.ctx, 'opportunity', { title: 'Blocker', companyId: company.id });

    const blocked = await rejection(() => records.destroy(kit.ctx, 'company', idOf(company)));
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.message).toContain('opportunities');
    expect(blocked.message).toContain('"company"');
    expect(blocked.details.relation).toBe('opportunity.company');
    expect(await exists('companies', idOf(company))).toBeDefined();
    expect(await exists('notes', idOf(note))).toBeDefined();

    expect(await records.destroy(kit.ctx, 'opportunity', idOf(opportunity))).toBe(opportunity.id);
    expect(await records.destroy(kit.ctx, 'company', idOf(company))).toBe(company.id);
    expect(await exists('companies', idOf(company))).toBeUndefined();
    expect(await exists('people', idOf(person))).toMatchObject({ company_id: null });
    expect(await exists('notes', idOf(note))).toBeUndefined();
  });

  test('junction rows go with either side; soft-deleted records can be destroyed', async () => {
    const tag = await records.create(kit.ctx, 'tag', { label: 'junction' });
    const opportunity = await records.create(kit.ctx, 'opportunity', { title: 'Tagged', tagsIds: [tag.id] });
    const junction = `"${kit.snapshot.schemaName}"."opportunities_tags"`;
    const links = async () => (await kit.db.query(`select * from ${junction} where target_id = $1`, [tag.id])).rowCount;
    expect(await links()).toBe(1);
    await records.softDelete(kit.ctx, 'opportunity', idOf(opportunity));
    await records.destroy(kit.ctx, 'opportunity', idOf(opportunity));
    expect(await links()).toBe(0);
    expect(await exists('tags', idOf(tag))).toBeDefined();
  });

  test('the audit keeps the full destroyed record', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Shredded', employees: 3 });
    await records.destroy(kit.ctx, 'company', idOf(company));
    const { rows } = await kit.db.query<{ before: unknown; after: unknown }>(
      `select before, after from relata.audit_log where record_id = $1 and action = 'destroy'`,
      [company.id],
    );
    expect(rows[0]).toEqual({ before: company, after: null });
  });
});
