import { CHANGE_JOB_TASK, type RecordWriter } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { testDatabaseKind } from '../support/test-database';
import { createRecordTestKit, QUEUE_CONSUMER, type RecordTestKit, rejection } from './record-test-kit';

let kit: RecordTestKit;
let records: RecordWriter;

beforeAll(async () => {
  kit = await createRecordTestKit('records_bulk');
  records = kit.service(QUEUE_CONSUMER);
});
afterAll(() => kit.database.drop());

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await kit.db.query<{ n: number }>(sql, params);
  return Number(rows[0]!.n);
}
const table = (name: string) => `"${kit.snapshot.schemaName}"."${name}"`;

describe('createMany', () => {
  test('creates 5000 records in one call: rows, audit, change jobs and events for each', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Bulk Inc' });
    const inputs = Array.from({ length: 5000 }, (_, i) => ({
      title: `Deal ${i}`,
      amount: { amount: i * 10.5, currencyCode: 'USD' },
      stage: i % 2 ? 'WON' : 'NEW',
      closeDate: '2025-01-31',
      companyId: company.id,
    }));
    const published = kit.published.length;
    const jobsBefore = (await queuedJobs(kit.db, CHANGE_JOB_TASK)).length;
    const statements = kit.db.counter.count;
    const started = performance.now();
    const created = await records.createMany(kit.ctx, 'opportunity', inputs);
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `createMany 5000 opportunities on ${testDatabaseKind}: ${seconds.toFixed(2)}s, ` +
        `${Math.round(5000 / seconds)} rows/s, ${kit.db.counter.count - statements} statements`,
    );

    expect(created).toHaveLength(5000);
    expect(created.map((r) => r.title)).toEqual(inputs.map((i) => i.title));
    expect(new Set(created.map((r) => r.id)).size).toBe(5000);
    expect(created[4999]).toMatchObject({ amount: { amount: 52489.5, currencyCode: 'USD' }, stage: 'WON', version: 1 });
    expect(await count(`select count(*) as n from ${table('opportunities')}`)).toBe(5000);
    const ids = created.map((r) => r.id);
    expect(await count('select count(*) as n from relata.audit_log where record_id = any($1::uuid[])', [ids])).toBe(
      5000,
    );
    // 500 writes per job: ten jobs carry the 5000 creates, in order.
    const jobs = (await queuedJobs<{ writes: Array<{ id: string }> }>(kit.db, CHANGE_JOB_TASK)).slice(jobsBefore);
    expect(jobs.map((job) => job.payload.writes.length)).toEqual(Array(10).fill(500));
    expect(jobs.flatMap((job) => job.payload.writes.map((write) => write.id))).toEqual(ids);
    expect(kit.published.length - published).toBe(5000);
    // One statement per chunk of rows, not per row.
    expect(kit.db.counter.count - statements).toBeLessThan(50);
  });

  test('chunks wide rows under the 65535 bind-parameter limit', async () => {
    const inputs = Array.from({ length: 3000 }, (_, i) => ({
      code: 'abc',
      notes: `n${i}`,
      ratio: 1.5,
      count: i,
      price: { amount: 1, currencyCode: 'EUR' },
      active: true,
      day: '2024-01-01',
      moment: '2024-01-01T00:00:00Z',
      status: 'OPEN',
      labels: ['RED'],
      email: 'a@b.co',
      phone: '123',
      website: 'https://x.test',
      score: 3,
      payload: { i },
      address: { city: 'Oslo' },
      contact: { firstName: 'A', lastName: 'B' },
    }));
    const created = await records.createMany(kit.ctx, 'sample', inputs);
    expect(created).toHaveLength(3000);
    expect(created[2999]).toMatchObject({ count: 2999, payload: { i: 2999 }, labels: ['RED'] });
  });

  test('links many-to-many sets for every record in bulk', async () => {
    const tags = await records.createMany(kit.ctx, 'tag', [{ label: 'x' }, { label: 'y' }]);
    const created = await records.createMany(
      kit.ctx,
      'opportunity',
      Array.from({ length: 10 }, (_, i) => ({ title: `T${i}`, tagsIds: tags.map((t) => t.id) })),
    );
    const ids = created.map((r) => r.id);
    expect(
      await count(`select count(*) as n from ${table('opportunities_tags')} where source_id = any($1::uuid[])`, [ids]),
    ).toBe(20);
  });

  test('an invalid record names data[i] and nothing is written', async () => {
    const before = await count(`select count(*) as n from ${table('companies')}`);
    const error = await rejection(() =>
      records.createMany(kit.ctx, 'company', [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { employees: 1 }]),
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data[3].name' } });
    expect(await count(`select count(*) as n from ${table('companies')}`)).toBe(before);
  });

  test('a database failure in row 3 rolls the whole batch back: rows, audit, change jobs, events', async () => {
    const rows = await count(`select count(*) as n from ${table('companies')}`);
    const audit = await count('select count(*) as n from relata.audit_log');
    const jobs = await count('select count(*) as n from graphile_worker.jobs');
    const events = kit.published.length;
    const error = await rejection(() =>
      records.createMany(kit.ctx, 'company', [
        { name: 'r0', domain: 'r0.test' },
        { name: 'r1', domain: 'r1.test' },
        { name: 'r2', domain: 'r2.test' },
        { name: 'r3', domain: 'r0.test' },
      ]),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'domain' } });
    expect(await count(`select count(*) as n from ${table('companies')}`)).toBe(rows);
    expect(await count('select count(*) as n from relata.audit_log')).toBe(audit);
    expect(await count('select count(*) as n from graphile_worker.jobs')).toBe(jobs);
    expect(kit.published.length).toBe(events);
  });

  test('an empty list writes nothing', async () => {
    expect(await records.createMany(kit.ctx, 'company', [])).toEqual([]);
  });
});
