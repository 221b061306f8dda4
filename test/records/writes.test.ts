import type { RecordWriter } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createRecordTestKit,
  QUEUE_CONSUMER,
  queuedWritesOf,
  type RecordTestKit,
  rejection,
  USER,
} from './record-test-kit';

let kit: RecordTestKit;
let records: RecordWriter;

beforeAll(async () => {
  kit = await createRecordTestKit('records_writes');
  records = kit.service(QUEUE_CONSUMER);
});
afterAll(() => kit.database.drop());

interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_kind: string;
  via: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed_fields: string[];
}

async function auditOf(id: unknown): Promise<AuditRow[]> {
  const { rows } = await kit.db.query<AuditRow>('select * from relata.audit_log where record_id = $1 order by id', [
    id,
  ]);
  return rows;
}

describe('create', () => {
  test('returns the stored record in API form with standard fields', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Acme', employees: 12 });
    const person = await records.create(kit.ctx, 'person', {
      fullName: { firstName: 'Ada' },
      email: 'ada@acme.test',
      companyId: company.id,
    });
    expect(person).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      createdBy: USER.id,
      updatedBy: USER.id,
      ownerId: USER.id,
      deletedAt: null,
      version: 1,
      fullName: { firstName: 'Ada', lastName: null },
      email: 'ada@acme.test',
      companyId: company.id,
    });
    expect(String(person.id).charAt(14)).toBe('7');
  });

  test('writes an audit row with the full record and queues the write for its consumers', async () => {
    const company = await records.create({ ...kit.ctx, via: 'import' }, 'company', { name: 'Audited' });
    const [audit] = await auditOf(company.id);
    expect(audit).toMatchObject({
      action: 'create',
      actor_id: USER.id,
      actor_kind: 'user',
      via: 'import',
      before: null,
      after: { id: company.id, name: 'Audited', tier: 'SMB', version: 1 },
    });
    const [queued] = await queuedWritesOf(kit.db, company.id);
    expect(queued).toMatchObject({
      kind: 'create',
      data: { name: 'Audited' },
      record: { id: company.id, name: 'Audited', version: 1 },
      event: { kind: 'CREATED', object: 'company', recordId: company.id },
    });
  });
});

describe('update', () => {
  test('changes only the given fields, bumps the version and audits the changed fields', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Old', employees: 5 });
    const editor = { ...kit.ctx, actor: { ...USER, id: '0190a000-0000-7000-8000-000000000002' } };
    const updated = await records.update(editor, 'company', company.id as string, { name: 'New', employees: 5 });
    expect(updated).toMatchObject({ name: 'New', employees: 5, version: 2, updatedBy: editor.actor.id });
    expect(updated.createdBy).toBe(USER.id);
    expect(Date.parse(updated.updatedAt as string)).toBeGreaterThanOrEqual(Date.parse(company.updatedAt as string));
    const audit = (await auditOf(company.id))[1];
    expect(audit).toMatchObject({
      action: 'update',
      before: { name: 'Old' },
      after: { name: 'New' },
      changed_fields: ['name'],
    });
    const queued = (await queuedWritesOf(kit.db, company.id))[1];
    expect(queued).toMatchObject({
      kind: 'update',
      data: { name: 'New' },
      before: { name: 'Old' },
      record: { name: 'New', version: 2 },
      event: { kind: 'UPDATED', changedFields: ['name'] },
    });
  });

  test('an empty update writes nothing', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Still' });
    expect(await records.update(kit.ctx, 'company', company.id as string, {})).toEqual(company);
    expect(await auditOf(company.id)).toHaveLength(1);
  });

  test('a composite part can be changed alone', async () => {
    const opportunity = await records.create(kit.ctx, 'opportunity', {
      title: 'Parts',
      amount: { amount: 10, currencyCode: 'USD' },
    });
    const updated = await records.update(kit.ctx, 'opportunity', opportunity.id as string, { amount: { amount: 20 } });
    expect(updated.amount).toEqual({ amount: 20, currencyCode: 'USD' });
  });

  test('expectedVersion: stale is CONFLICT with the current version, current succeeds', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Locked' });
    const id = company.id as string;
    await records.update(kit.ctx, 'company', id, { name: 'Second' }, 1);
    const stale = await rejection(() => records.update(kit.ctx, 'company', id, { name: 'Third' }, 1));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 2, field: 'expectedVersion' } });
    expect(await records.update(kit.ctx, 'company', id, { name: 'Third' }, 2)).toMatchObject({ version: 3 });
  });

  test('concurrent updates with the same expectedVersion: exactly one wins', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Race' });
    const results = await Promise.allSettled(
      ['A', 'B', 'C'].map((name) => records.update(kit.ctx, 'company', company.id as string, { name }, 1)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
  });

  test('missing and soft-deleted records are NOT_FOUND', async () => {
    const missing = await rejection(() =>
      records.update(kit.ctx, 'company', '0190a000-0000-7000-8000-00000000beef', { name: 'x' }, 1),
    );
    expect(missing.code).toBe('NOT_FOUND');
    const company = await records.create(kit.ctx, 'company', { name: 'Binned' });
    await records.softDelete(kit.ctx, 'company', company.id as string);
    expect((await rejection(() => records.update(kit.ctx, 'company', company.id as string, { name: 'y' }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejection(() => records.update(kit.ctx, 'company', 'not-a-uuid', {}))).details.field).toBe('id');
  });
});

describe('unique fields', () => {
  test('a duplicate is CONFLICT naming the field, on create and update', async () => {
    await records.create(kit.ctx, 'company', { name: 'One', domain: 'one.test' });
    const create = await rejection(() => records.create(kit.ctx, 'company', { name: 'Two', domain: 'one.test' }));
    expect(create).toMatchObject({ code: 'CONFLICT', details: { field: 'domain' } });
    expect(create.message).toContain('domain');
    const two = await records.create(kit.ctx, 'company', { name: 'Two', domain: 'two.test' });
    const update = await rejection(() => records.update(kit.ctx, 'company', two.id as string, { domain: 'one.test' }));
    expect(update).toMatchObject({ code: 'CONFLICT', details: { field: 'domain' } });
  });
});

describe('many-to-many', () => {
  test('<field>Ids sets the junction rows and an update replaces the set', async () => {
    const [a, b, c] = await records.createMany(kit.ctx, 'tag', [{ label: 'a' }, { label: 'b' }, { label: 'c' }]);
    const ids = [a!.id, b!.id, c!.id] as string[];
    const opportunity = await records.create(kit.ctx, 'opportunity', { title: 'Tagged', tagsIds: [ids[1], ids[0]] });
    expect(opportunity.tagsIds).toEqual([ids[0], ids[1]].sort());
    const updated = await records.update(kit.ctx, 'opportunity', opportunity.id as string, { tagsIds: [ids[2]] });
    expect(updated.tagsIds).toEqual([ids[2]]);
    const { rows } = await kit.db.query<{ target_id: string }>(
      `select target_id from ${kit.snapshot.schemaName}.opportunities_tags where source_id = $1`,
      [opportunity.id],
    );
    expect(rows.map((r) => r.target_id)).toEqual([ids[2]]);
    const audit = (await auditOf(opportunity.id))[1];
    expect(audit).toMatchObject({ changed_fields: ['tagsIds'], after: { tagsIds: [ids[2]] } });
  });
});
