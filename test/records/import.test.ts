import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildDataSchema,
  CHANGE_JOB_TASK,
  type ChangeEvent,
  changeEventsOf,
  type ImportProgress,
  importRecords,
  type ObjectRow,
  RECORD_EVENTS_CHANNEL,
  type RecordValues,
  type RecordWriter,
  recordFromRow,
  removeWorkspace,
  withBulkSession,
} from '@relata/core';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFile } from '../../runtime/src/cli/commands/import';
import { queuedJobs } from '../support/queued-jobs';
import { testDatabaseKind } from '../support/test-database';
import { createWorkspaceWithMetadataService, FIXTURE_OBJECTS } from './fixture-workspace';
import { createRecordTestKit, type RecordTestKit, rejection, USER } from './record-test-kit';

let kit: RecordTestKit;
let records: RecordWriter;
let folder: string;

beforeAll(async () => {
  kit = await createRecordTestKit('records_import', 'metadata-service');
  records = kit.service();
  folder = mkdtempSync(join(tmpdir(), 'relata-import-'));
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await kit.database.drop();
});

const table = (name: string) => `"${kit.snapshot.schemaName}"."${name}"`;
async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await kit.db.query<{ n: number }>(sql, params);
  return Number(rows[0]!.n);
}
const countRows = (name: string) => count(`select count(*) as n from ${table(name)}`);
const run = (object: string, rows: RecordValues[], onProgress?: (p: ImportProgress) => void) =>
  importRecords(kit.db, kit.snapshot, USER, object, rows, { batchSize: 500, onProgress, changeJobs: true });

async function graphql(query: string): Promise<Record<string, unknown>> {
  const result = await execute({
    schema: buildDataSchema(kit.snapshot),
    document: parse(query),
    contextValue: {
      ...kit.ctx,
      workspace: { id: kit.snapshot.workspaceId, slug: 'records_import', schemaName: kit.snapshot.schemaName },
      db: kit.db,
      records,
      events: kit.events,
    },
  });
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as Record<string, unknown>;
}

describe('importRecords', () => {
  test('imports 1,200 rows in batches: readable through GraphQL, with audit rows and change jobs via import', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Import Co' });
    const tag = await records.create(kit.ctx, 'tag', { label: 'imported' });
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      title: `Imported deal ${i}`,
      amount: { amount: i + 0.5 },
      closeDate: '2026-03-31',
      companyId: company.id,
      ...(i % 2 ? { tagsIds: [tag.id] } : {}),
    }));
    const progress: ImportProgress[] = [];
    const started = performance.now();
    const result = await run('opportunity', rows, (p) => progress.push(p));
    console.info(`import 1200 opportunities on ${testDatabaseKind}: ${Math.round(performance.now() - started)} ms`);

    expect(result.created).toBe(1200);
    expect(new Set(result.ids).size).toBe(1200);
    expect(progress).toEqual([
      { done: 500, total: 1200 },
      { done: 1000, total: 1200 },
      { done: 1200, total: 1200 },
    ]);
    const data = await graphql(`{
      opportunities(filter: { title: { startsWith: "Imported deal" } }, orderBy: [{ title: AscNullsLast }], first: 2) {
        totalCount
        edges { node { id title stage amount { amount currencyCode } closeDate company { name } tags { nodes { label } } } }
      }
    }`);
    const connection = data.opportunities as { totalCount: number; edges: Array<{ node: RecordValues }> };
    expect(connection.totalCount).toBe(1200);
    expect(connection.edges[1]!.node).toMatchObject({
      title: 'Imported deal 1',
      stage: 'NEW',
      amount: { amount: 1.5, currencyCode: 'EUR' },
      closeDate: '2026-03-31',
      company: { name: 'Import Co' },
      tags: { nodes: [{ label: 'imported' }] },
    });

    const { rows: stored } = await kit.db.query<ObjectRow>(`select * from ${table('opportunities')} where id = $1`, [
      result.ids[1],
    ]);
    const row = stored[0]!;
    expect(row).toMatchObject({ created_by: USER.id, updated_by: USER.id, owner_id: USER.id, version: 1 });
    expect(String(row.id)[14]).toBe('7');
    const { rows: audit } = await kit.db.query<{ after: RecordValues; actor_id: string; via: string; action: string }>(
      `select after, actor_id, via, action from relata.audit_log where record_id = $1`,
      [result.ids[1]],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: USER.id, via: 'import', action: 'create' });
    expect(audit[0]!.after).toEqual({
      ...recordFromRow(kit.snapshot.objects.find((o) => o.nameSingular === 'opportunity')!, row),
      tagsIds: [tag.id],
    });

    const ids = result.ids;
    expect(
      await count(`select count(*) as n from relata.audit_log where via = 'import' and record_id = any($1::uuid[])`, [
        ids,
      ]),
    ).toBe(1200);
    // One change job per batch, each write a create carrying the stored record and its event.
    type Queued = {
      via: string;
      writes: Array<{ kind: string; id: string; record: RecordValues; event: ChangeEvent }>;
    };
    const jobs = (await queuedJobs<Queued>(kit.db, CHANGE_JOB_TASK)).map(({ payload }) => ({
      writes: payload.writes.length,
      matching: payload.writes.filter(
        (w) => w.kind === 'create' && w.record.id === w.id && w.event.kind === 'CREATED' && ids.includes(w.id),
      ).length,
      via: payload.via,
    }));
    expect(jobs.filter((job) => job.matching > 0)).toEqual([
      { writes: 500, matching: 500, via: 'import' },
      { writes: 500, matching: 500, via: 'import' },
      { writes: 200, matching: 200, via: 'import' },
    ]);
  });

  test('an invalid row in the middle leaves the table unchanged and names row and field', async () => {
    const before = await countRows('opportunities');
    const rows = Array.from({ length: 100 }, (_, i) => ({ title: `Bad batch ${i}`, closeDate: '2026-01-01' }));
    rows[57] = { title: 'Bad date', closeDate: '2026-02-30' };
    const invalid = await rejection(() => run('opportunity', rows));
    expect(invalid).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'rows.57.closeDate' } });

    const system = await rejection(() => run('opportunity', [{ title: 'ok' }, { title: 'x', version: 3 }]));
    expect(system).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'rows.1.version' } });

    const stranger = '0190a0a0-0000-7000-8000-00000000dead';
    const owner = await rejection(() => run('opportunity', [{ title: 'ok' }, { title: 'x', ownerId: stranger }]));
    expect(owner).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'rows.1.ownerId' } });
    expect(await countRows('opportunities')).toBe(before);
  });

  test('unique values already used, or repeated in the input, are refused naming the row', async () => {
    await records.create(kit.ctx, 'company', { name: 'Taken', domain: 'taken.test' });
    const before = await countRows('companies');
    const rows = Array.from({ length: 600 }, (_, i) => ({ name: `U${i}`, domain: `u${i}.test` }));
    rows[540] = { name: 'Dup', domain: 'taken.test' };
    const taken = await rejection(() => run('company', rows));
    expect(taken).toMatchObject({ code: 'CONFLICT', details: { field: 'rows.540.domain' } });

    rows[540] = { name: 'Dup', domain: 'u3.test' };
    const repeated = await rejection(() => run('company', rows));
    expect(repeated).toMatchObject({ code: 'CONFLICT', details: { field: 'rows.540.domain' } });
    expect(repeated.message).toContain('rows.3');
    expect(await countRows('companies')).toBe(before);
  });

  test('a relation to a missing record is refused and nothing is written', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Real' });
    const before = await countRows('people');
    const missing = '0190a000-0000-7000-8000-00000000dead';
    const rows = Array.from({ length: 700 }, (_, i) => ({ email: `p${i}@import.test`, companyId: company.id }));
    rows[612] = { email: 'ghost@import.test', companyId: missing };
    const refused = await rejection(() => run('person', rows));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'rows.612.companyId' } });
    const tagRefused = await rejection(() => run('opportunity', [{ title: 't', tagsIds: [missing] }]));
    expect(tagRefused).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'rows.0.tagsIds' } });
    expect(await countRows('people')).toBe(before);
  });

  test('a CSV file with composite columns imports through the CLI path', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Csv Co' });
    const file = join(folder, 'people.csv');
    const lines = ['fullName.firstName,fullName.lastName,email,companyId'];
    for (let i = 0; i < 50; i++) lines.push(`Ada ${i},"Love, lace",ada${i}@csv.test,${company.id}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const progress: ImportProgress[] = [];
    const result = await importFile(kit.db, { workspace: 'records_import', object: 'person', file }, (p) =>
      progress.push(p),
    );
    expect(result.created).toBe(50);
    expect(progress.at(-1)).toEqual({ done: 50, total: 50 });
    const { rows } = await kit.db.query(`select * from ${table('people')} where id = $1`, [result.ids[3]]);
    expect(rows[0]).toMatchObject({
      full_name_first_name: 'Ada 3',
      full_name_last_name: 'Love, lace',
      email: 'ada3@csv.test',
      company_id: company.id,
      created_by: null,
    });

    const opportunities = join(folder, 'opportunities.csv');
    writeFileSync(opportunities, 'title,amount.amount,amount.currencyCode\nGood,12.5,USD\nBad,lots,USD\n');
    const bad = await rejection(() =>
      importFile(kit.db, { workspace: 'records_import', object: 'opportunity', file: opportunities }),
    );
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'rows.1.amount.amount' } });
    expect(bad.message).toContain('data row 2 of');
  });

  test('JSON and NDJSON files import; a malformed file is refused with its line', async () => {
    const json = join(folder, 'tags.json');
    writeFileSync(json, JSON.stringify([{ label: 'json-a' }, { label: 'json-b' }]));
    expect((await importFile(kit.db, { workspace: 'records_import', object: 'tag', file: json })).created).toBe(2);
    const ndjson = join(folder, 'tags.ndjson');
    writeFileSync(ndjson, '{"label":"nd-a"}\n\n{"label":"nd-b"}\n');
    expect((await importFile(kit.db, { workspace: 'records_import', object: 'tag', file: ndjson })).created).toBe(2);
    writeFileSync(ndjson, '{"label":"nd-c"}\n{"label":\n');
    const broken = await rejection(() =>
      importFile(kit.db, { workspace: 'records_import', object: 'tag', file: ndjson }),
    );
    expect(broken).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'file' } });
    expect(broken.message).toContain('line 2');
    expect(await count(`select count(*) as n from ${table('tags')} where label like 'nd-%'`)).toBe(2);
  });

  test('every field type stores exactly what createMany stores, escapes included', async () => {
    const input = [
      {
        code: 'abc',
        notes: '<p>tab\there\nline \\ back</p>',
        ratio: 12.34,
        price: { amount: 1e-2, currencyCode: 'EUR' },
        active: false,
        day: '2024-02-29',
        moment: '2024-05-01T09:30:00.123+02:00',
        status: 'OPEN',
        labels: ['RED', 'BLUE'],
        email: 'a@b.co',
        phone: '+47 123 45',
        website: 'https://x.test/?q=a"b',
        score: 5,
        payload: { nested: ['x\ty', null, 2.5], quote: '"' },
        address: { city: 'Tromsø', street1: 'Line\\1' },
        contact: { firstName: 'A\tB', lastName: null },
      },
      { code: 'zz' },
    ];
    const sample = kit.snapshot.objects.find((o) => o.nameSingular === 'sample')!;
    const expected = await records.createMany(kit.ctx, 'sample', input);
    const result = await run('sample', input);
    const { rows } = await kit.db.query<ObjectRow>(
      `select * from ${table('samples')} where id = any($1::uuid[]) order by id`,
      [result.ids],
    );
    const imported = rows.map((row) => recordFromRow(sample, row));
    const fieldsOf = ({ id, createdAt, updatedAt, ...rest }: RecordValues) => rest;
    expect(imported.map(fieldsOf)).toEqual(expected.map(fieldsOf));
    const { rows: audit } = await kit.db.query<{ after: RecordValues }>(
      'select after from relata.audit_log where record_id = any($1::uuid[]) order by record_id',
      [result.ids],
    );
    expect(audit.map((a) => a.after)).toEqual(imported);
  });

  test('two imports in one session, batches mixing column sets: each row stored, audited, logged and searchable once', async () => {
    const company = await records.create(kit.ctx, 'company', { name: 'Session Co' });
    // Every third person sets other columns: each batch of 7 loads two column groups.
    const people = Array.from({ length: 30 }, (_, i) =>
      i % 3
        ? { email: `mix${i}@session.test`, companyId: company.id }
        : { email: `mix${i}@session.test`, fullName: { firstName: `Zebulon${i}`, lastName: 'Quuxley' } },
    );
    const companies = [{ name: 'Sessionfirm Alpha' }, { name: 'Sessionfirm Beta', domain: 'beta.session.test' }];
    const result = await withBulkSession(kit.db, async (session) => ({
      people: await importRecords(kit.db, kit.snapshot, USER, 'person', people, { batchSize: 7, session }),
      companies: await importRecords(kit.db, kit.snapshot, USER, 'company', companies, { session }),
    }));
    const ids = [...result.people.ids, ...result.companies.ids];
    const perRecord = async (log: string) => {
      const { rows } = await kit.db.query<{ n: string }>(
        `select count(*) as n from ${log} where record_id = any($1::uuid[]) group by record_id`,
        [ids],
      );
      return rows.map((r) => Number(r.n));
    };
    expect(await perRecord('relata.audit_log')).toEqual(ids.map(() => 1));
    expect(await perRecord('relata.record_events')).toEqual(ids.map(() => 1));

    const person = kit.snapshot.objects.find((o) => o.nameSingular === 'person')!;
    const { rows: stored } = await kit.db.query<ObjectRow & { after: RecordValues }>(
      `select p.*, a.after from ${table('people')} p join relata.audit_log a on a.record_id = p.id
       where p.id = any($1::uuid[]) order by p.email`,
      [result.people.ids],
    );
    expect(stored).toHaveLength(30);
    for (const { after, ...row } of stored) expect(after).toEqual(recordFromRow(person, row as ObjectRow));
    expect(stored.find((r) => r.email === 'mix3@session.test')).toMatchObject({ full_name_first_name: 'Zebulon3' });
    expect(stored.find((r) => r.email === 'mix4@session.test')).toMatchObject({ company_id: company.id });

    const found = (name: string, word: string) =>
      count(
        `select count(*) as n from ${table(name)} where id = any($1::uuid[]) and search @@ to_tsquery('simple', $2)`,
        [ids, word],
      );
    expect(await found('people', 'quuxley')).toBe(10);
    expect(await found('companies', 'sessionfirm')).toBe(2);
  });

  test('removing a workspace removes its audit and record-event rows (they hold no foreign key to it)', async () => {
    const tags = FIXTURE_OBJECTS.filter((o) => o.nameSingular === 'tag');
    const snapshot = await createWorkspaceWithMetadataService(kit.db, 'records_import_removed', tags);
    const ids = (await importRecords(kit.db, snapshot, USER, 'tag', [{ label: 'gone-a' }, { label: 'gone-b' }])).ids;
    const logged = () =>
      count(
        `select (select count(*) from relata.audit_log where workspace_id = $1)
              + (select count(*) from relata.record_events where workspace_id = $1) as n`,
        [snapshot.workspaceId],
      );
    expect(await logged()).toBe(2 * ids.length);
    await removeWorkspace(kit.db, snapshot.workspaceId);
    expect(await logged()).toBe(0);
    expect(await count('select count(*) as n from pg_namespace where nspname = $1', [snapshot.schemaName])).toBe(0);
  });

  test('every imported record is NOTIFYed once on commit, in change batches under the payload limit', async () => {
    const listener = await kit.db.pool.connect();
    const payloads: string[] = [];
    listener.on('notification', (message) => {
      if (message.channel === RECORD_EVENTS_CHANNEL && message.payload) payloads.push(message.payload);
    });
    try {
      await listener.query(`listen ${RECORD_EVENTS_CHANNEL}`);
      const rows = Array.from({ length: 300 }, (_, i) => ({ label: `notified-${i}` }));
      const { ids } = await run('tag', rows);
      const events = () => payloads.flatMap(changeEventsOf);
      const received = () => events().map((e) => e.recordId);
      for (let i = 0; i < 200 && ids.some((id) => !received().includes(id)); i++) {
        await listener.query('select 1');
      }
      expect(
        received()
          .filter((id) => ids.includes(id))
          .sort(),
      ).toEqual([...ids].sort());
      expect(Math.max(...payloads.map((p) => Buffer.byteLength(p)))).toBeLessThan(8000);
      // Each id stands for a whole event, as the record service NOTIFYs one.
      const event = events().find((e) => e.recordId === ids[0]);
      expect(event).toEqual({
        workspaceId: kit.snapshot.workspaceId,
        object: 'tag',
        kind: 'CREATED',
        recordId: ids[0],
        version: 1,
        changedFields: [],
        actorId: USER.id,
        nodeId: 'import',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    } finally {
      await listener.query(`unlisten ${RECORD_EVENTS_CHANNEL}`);
      listener.release();
    }
  });
});
