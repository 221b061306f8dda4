import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { activeWorkflow, apiOf, createObject, finishedRun, stepLogOf } from './workflow-test-kit';

let server: TestServer;
const reps: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ workspace: 'assign', worker: true });
  for (const name of ['ann', 'bob', 'cid']) {
    const user = await createUser(server.database.opened.db, {
      workspace: 'assign',
      email: `${name}@assign.test`,
      password: `${name} password long enough`,
      role: 'member',
    });
    reps.push(user.id);
  }
  await createObject(server, { singular: 'account', plural: 'accounts' }, [
    { name: 'name', label: 'Name', type: 'TEXT' },
    { name: 'region', label: 'Region', type: 'TEXT' },
    { name: 'note', label: 'Note', type: 'TEXT' },
  ]);
  await createObject(server, { singular: 'sweep', plural: 'sweeps' }, [
    { name: 'region', label: 'Region', type: 'TEXT' },
    { name: 'summary', label: 'Summary', type: 'TEXT' },
  ]);
  await activeWorkflow(server, 'Round robin new accounts', {
    trigger: { type: 'RECORD_CREATED', object: 'account', condition: { region: { eq: 'north' } } },
    steps: [{ key: 'assign', type: 'assign_owner', settings: { object: 'account', users: reps } }],
  });
  await activeWorkflow(server, 'Sweep a region', {
    trigger: { type: 'RECORD_CREATED', object: 'sweep' },
    steps: [
      {
        key: 'find',
        type: 'find_records',
        settings: { object: 'account', filter: { region: { eq: '{{ record.region }}' } } },
        next: 'each',
      },
      { key: 'each', type: 'loop', settings: { over: 'steps.find.records', body: 'touch' }, next: 'done' },
      {
        key: 'touch',
        type: 'update_records',
        settings: { object: 'account', recordId: '{{ item.id }}', values: { note: 'swept {{ item.name }}' } },
        next: 'owner',
      },
      {
        key: 'owner',
        type: 'assign_owner',
        settings: { object: 'account', recordId: '{{ item.id }}', role: 'member' },
      },
      {
        key: 'done',
        type: 'update_records',
        settings: { object: 'sweep', values: { summary: '{{ steps.each.count }} accounts' } },
      },
    ],
  });
});
afterAll(async () => {
  await server?.close();
});

const createAccount = async (name: string, region: string) =>
  (
    await apiOf(server).data<{ createAccount: { id: string } }>(
      'mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }',
      { d: { name, region } },
    )
  ).createAccount.id;

const ownerOf = async (id: string) =>
  (
    await server.database.opened.db.query<{ owner_id: string }>(
      'select owner_id from ws_assign.accounts where id = $1',
      [id],
    )
  ).rows[0]!.owner_id;

describe('assign owner and loop steps', () => {
  test('six concurrent runs take six turns: each of three reps gets two accounts', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => createAccount(`North ${i}`, 'north')));
    for (const id of ids) expect((await finishedRun(server, id)).status).toBe('SUCCEEDED');
    // Two runs reading the same turn would give some rep three accounts and another one.
    const owners = await Promise.all(ids.map(ownerOf));
    expect(reps.map((rep) => owners.filter((owner) => owner === rep).length)).toEqual([2, 2, 2]);
  });

  test('a loop runs its body once per found record, with `item`, then the step after it', async () => {
    const south = [await createAccount('Acme', 'south'), await createAccount('Bolt', 'south')];
    await createAccount('Cato', 'east');
    const { createSweep } = await apiOf(server).data<{ createSweep: { id: string } }>(
      'mutation { createSweep(data: { region: "south" }) { id } }',
    );
    const run = await finishedRun(server, createSweep.id);
    expect(run.status).toBe('SUCCEEDED');
    const log = await stepLogOf(server, run.id);
    expect(log.map((s) => `${s.step_key}[${s.iteration}]`)).toEqual([
      'find[]',
      'each[]',
      'touch[0]',
      'owner[0]',
      'touch[1]',
      'owner[1]',
      'done[]',
    ]);
    const db = server.database.opened.db;
    const { rows } = await db.query<{ name: string; note: string | null; owner_id: string }>(
      'select name, note, owner_id from ws_assign.accounts where id = any($1::uuid[]) order by name',
      [south],
    );
    expect(rows.map((r) => r.note)).toEqual(['swept Acme', 'swept Bolt']);
    // Role members in turn: two items, two different reps.
    expect(new Set(rows.map((r) => r.owner_id)).size).toBe(2);
    for (const row of rows) expect(reps).toContain(row.owner_id);
    const east = await db.query(`select note from ws_assign.accounts where name = 'Cato'`);
    expect(east.rows[0]).toEqual({ note: null });
    const sweep = await db.query('select summary from ws_assign.sweeps where id = $1', [createSweep.id]);
    expect(sweep.rows[0]).toEqual({ summary: '2 accounts' });
  });

  test('a loop over nothing goes straight to the step after it', async () => {
    const { createSweep } = await apiOf(server).data<{ createSweep: { id: string } }>(
      'mutation { createSweep(data: { region: "nowhere" }) { id } }',
    );
    const run = await finishedRun(server, createSweep.id);
    expect((await stepLogOf(server, run.id)).map((s) => s.step_key)).toEqual(['find', 'each', 'done']);
  });
});
