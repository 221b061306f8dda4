import type { RecordValues, WriteOperation } from '@relata/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, QUEUE_CONSUMER, type RecordTestKit, rejection } from './record-test-kit';

let kit: RecordTestKit;

beforeAll(async () => {
  kit = await createRecordTestKit('records_hooks');
});
afterAll(() => kit.database.drop());

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await kit.db.query<{ n: number }>(sql, params);
  return Number(rows[0]!.n);
}

const companiesNamed = (name: string) =>
  count(`select count(*) as n from "${kit.snapshot.schemaName}".companies where name = $1`, [name]);
const auditRows = () => count('select count(*) as n from relata.audit_log');
const changeJobs = () =>
  count("select count(*) as n from graphile_worker.jobs where task_identifier = 'record:changed'");

describe('before-hooks', () => {
  test('compose in order and may change the data, which is validated again', async () => {
    const seen: string[] = [];
    const records = kit.service({
      before: [
        (op) => {
          seen.push(`first:${op.kind}:${op.object}`);
          return op.kind === 'create' ? { ...op, data: { ...op.data, name: String(op.data.name).toUpperCase() } } : op;
        },
        (op) => {
          seen.push(`second:${String(op.data.name)}`);
          return op;
        },
      ],
    });
    const company = await records.create(kit.ctx, 'company', { name: 'hooked' });
    expect(company.name).toBe('HOOKED');
    expect(seen).toEqual(['first:create:company', 'second:HOOKED']);

    const sneaky = kit.service({ before: [(op) => ({ ...op, data: { ...op.data, version: 99 } })] });
    expect((await rejection(() => sneaky.create(kit.ctx, 'company', { name: 'x' }))).details.field).toBe(
      'data.version',
    );
  });

  test('update hooks see the stored record before the change', async () => {
    const records = kit.service();
    const company = await records.create(kit.ctx, 'company', { name: 'Before', employees: 1 });
    let before: RecordValues | undefined;
    const hooked = kit.service({
      before: [
        (op) => {
          before = op.before;
          return { ...op, data: { ...op.data, employees: Number(op.before?.employees) + 1 } };
        },
      ],
    });
    const updated = await hooked.update(kit.ctx, 'company', company.id as string, { name: 'After' });
    expect(before).toEqual(company);
    expect(updated).toMatchObject({ name: 'After', employees: 2 });
  });

  test('a throwing hook refuses the write: no row, no audit, no change job, no event', async () => {
    const audit = await auditRows();
    const jobs = await changeJobs();
    const events = kit.published.length;
    const records = kit.service({
      ...QUEUE_CONSUMER,
      before: [
        () => {
          throw new Error('vetoed by policy');
        },
      ],
    });
    await expect(records.create(kit.ctx, 'company', { name: 'Vetoed' })).rejects.toThrow('vetoed by policy');
    const company = await kit.service(QUEUE_CONSUMER).create(kit.ctx, 'company', { name: 'Survivor' });
    await expect(records.destroy(kit.ctx, 'company', company.id as string)).rejects.toThrow('vetoed');
    expect(await companiesNamed('Vetoed')).toBe(0);
    expect(await companiesNamed('Survivor')).toBe(1);
    expect(await auditRows()).toBe(audit + 1);
    expect(await changeJobs()).toBe(jobs + 1);
    expect(kit.published.length).toBe(events + 1);
  });
});

describe('hook interest', () => {
  test('writes the hooks do not concern skip the pipeline and enqueue no change job', async () => {
    const asked: string[] = [];
    let ran = 0;
    const records = kit.service({
      ...QUEUE_CONSUMER,
      before: [
        (op) => {
          ran++;
          return op;
        },
      ],
      concerns: (snapshot, object, phase) => {
        asked.push(`${phase}:${object}`);
        expect(snapshot.workspaceId).toBe(kit.snapshot.workspaceId);
        return phase === 'after';
      },
    });
    const jobs = await changeJobs();
    await records.create(kit.ctx, 'company', { name: 'Unconcerned' });
    expect(ran).toBe(0);
    expect(await changeJobs()).toBe(jobs + 1);
    expect(asked).toEqual(['before:company', 'after:company']);

    const unwanted = kit.service({ ...QUEUE_CONSUMER, concerns: () => false });
    await unwanted.createMany(kit.ctx, 'company', [{ name: 'Quiet 1' }, { name: 'Quiet 2' }]);
    expect(await changeJobs()).toBe(jobs + 1);
  });
});

describe('change events', () => {
  test('are published after commit only, with kind, version and changed fields', async () => {
    const published = kit.published;
    let duringWrite = -1;
    const records = kit.service({
      before: [
        (op: WriteOperation) => {
          duringWrite = published.length;
          return op;
        },
      ],
    });
    const start = published.length;
    const company = await records.create(kit.ctx, 'company', { name: 'Evented' });
    expect(duringWrite).toBe(start);
    const id = company.id as string;
    await records.update(kit.ctx, 'company', id, { employees: 4 });
    await records.softDelete(kit.ctx, 'company', id);
    await records.restore(kit.ctx, 'company', id);
    await records.destroy(kit.ctx, 'company', id);
    expect(published.slice(start).map((e) => [e.kind, e.version, e.changedFields])).toEqual([
      ['CREATED', 1, []],
      ['UPDATED', 2, ['employees']],
      ['DELETED', 3, ['deletedAt']],
      ['RESTORED', 4, ['deletedAt']],
      ['DESTROYED', null, []],
    ]);
    expect(published[start]).toMatchObject({
      workspaceId: kit.snapshot.workspaceId,
      object: 'company',
      recordId: id,
      actorId: kit.ctx.actor.id,
      nodeId: 'node-test',
    });
  });

  test('a rolled-back write publishes nothing', async () => {
    const records = kit.service();
    await records.create(kit.ctx, 'company', { name: 'Unique', domain: 'rollback.test' });
    const before = kit.published.length;
    const error = await rejection(() => records.create(kit.ctx, 'company', { name: 'Dup', domain: 'rollback.test' }));
    expect(error.code).toBe('CONFLICT');
    expect(kit.published.length).toBe(before);
  });

  test('are NOTIFYed on relata_events for other nodes', async () => {
    const listener = new pg.Client(kit.database.opened.connection);
    await listener.connect();
    const received: unknown[] = [];
    listener.on('notification', (message) => received.push(JSON.parse(message.payload ?? 'null')));
    await listener.query('listen relata_events');
    const records = kit.service();
    const created = await records.createMany(kit.ctx, 'tag', [{ label: 'n1' }, { label: 'n2' }]);
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual(created.map((r) => expect.objectContaining({ kind: 'CREATED', recordId: r.id })));
    await listener.end();
  });
});
