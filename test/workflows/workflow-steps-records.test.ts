import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { activeWorkflow, apiOf, createObject, finishedRun, stepLogOf } from './workflow-test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

describe('a workflow running as a role (runAs)', () => {
  /** One workflow per case, each started by a ping whose mode names it; all run as the clerk role. */
  const cases: Record<string, unknown[]> = {
    allowed: [
      {
        key: 'make',
        type: 'create_record',
        settings: { object: 'ledger', values: { name: 'by {{ record.mode }}', region: 'north' } },
      },
    ],
    object: [{ key: 'make', type: 'create_record', settings: { object: 'vault', values: { name: 'no' } } }],
    field: [
      {
        key: 'make',
        type: 'create_record',
        settings: { object: 'ledger', values: { name: 'no', region: 'north', secret: 'leak' } },
      },
    ],
    find: [{ key: 'find', type: 'find_records', settings: { object: 'ledger' } }],
    filterHidden: [
      { key: 'find', type: 'find_records', settings: { object: 'ledger', filter: { secret: { eq: 'x' } } } },
    ],
  };

  beforeAll(async () => {
    const { metadata } = apiOf(server);
    await createObject(server, { singular: 'ledger', plural: 'ledgers' }, [
      { name: 'name', label: 'Name', type: 'TEXT' },
      { name: 'region', label: 'Region', type: 'TEXT' },
      { name: 'secret', label: 'Secret', type: 'TEXT' },
    ]);
    await createObject(server, { singular: 'vault', plural: 'vaults' }, [
      { name: 'name', label: 'Name', type: 'TEXT' },
    ]);
    await createObject(server, { singular: 'ping', plural: 'pings' }, [{ name: 'mode', label: 'Mode', type: 'TEXT' }]);
    await metadata('mutation { createRole(input: { name: "clerk", label: "Clerk" }) { applied } }');
    await metadata(
      `mutation { setObjectPermission(role: "clerk", object: "ledger", input: { canRead: true, canCreate: true,
         canUpdate: true, recordScope: CONDITION, recordCondition: { region: { eq: "north" } } }) { applied } }`,
    );
    await metadata(
      'mutation { setFieldPermission(role: "clerk", object: "ledger", field: "secret", canRead: false, canWrite: false) { applied } }',
    );
    const db = server.database.opened.db;
    await db.query(
      `insert into ws_assign.ledgers (id, name, region, secret) values
         (gen_random_uuid(), 'North A', 'north', 's1'), (gen_random_uuid(), 'South B', 'south', 's2')`,
    );
    for (const [mode, steps] of Object.entries(cases)) {
      await activeWorkflow(server, `Clerk ${mode}`, {
        trigger: { type: 'RECORD_CREATED', object: 'ping', condition: { mode: { eq: mode } } },
        runAs: 'clerk',
        steps,
      });
    }
  });

  const ping = async (mode: string) => {
    const { createPing } = await apiOf(server).data<{ createPing: { id: string } }>(
      'mutation($m: String) { createPing(data: { mode: $m }) { id } }',
      { m: mode },
    );
    const run = await finishedRun(server, createPing.id);
    return { run, log: await stepLogOf(server, run.id) };
  };

  test('is saved by role id and shown by name; an unknown role is refused naming runAs', async () => {
    const { metadata } = apiOf(server);
    const { rows } = await server.database.opened.db.query<{ run_as: string; role: string }>(
      `select w.draft->>'runAs' as run_as, r.name as role from relata.workflows w
         join relata.workflow_versions v on v.workflow_id = w.id
         join relata.roles r on r.id::text = v.definition->>'runAs' where w.name = 'Clerk allowed'`,
    );
    expect(rows).toEqual([{ run_as: null, role: 'clerk' }]);
    const { workflows } = await metadata<{ workflows: { name: string; definition: { runAs?: string } }[] }>(
      '{ workflows { name definition } }',
    );
    expect(workflows.find((w) => w.name === 'Clerk allowed')!.definition.runAs).toBe('clerk');
    const bad = await server.metadataGql('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
      i: {
        name: 'Nobody',
        definition: { trigger: { type: 'RECORD_CREATED', object: 'ping' }, runAs: 'nobody', steps: [] },
      },
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'runAs' });
  });

  test('an allowed write succeeds, audited as the run (workflow W version V run R)', async () => {
    const { run, log } = await ping('allowed');
    expect(run.status).toBe('SUCCEEDED');
    const made = log[0]!.output as { id: string; secret?: unknown };
    expect(made.id).toMatch(UUID);
    expect(made).not.toHaveProperty('secret');
    const { rows } = await server.database.opened.db.query(
      `select actor_id, actor_kind, via from relata.audit_log where record_id = $1`,
      [made.id],
    );
    expect(rows).toEqual([{ actor_id: run.id, actor_kind: 'system', via: 'workflow' }]);
    const { actors } = await apiOf(server).data<{ actors: { kind: string; name: string }[] }>(
      'query($ids: [ID!]!) { actors(ids: $ids) { kind name } }',
      { ids: [run.id] },
    );
    expect(actors).toEqual([{ kind: 'workflowRun', name: `“Clerk allowed” version 1 run ${run.id}` }]);
  });

  test('a write to an object the role may not create fails the step at once, naming the object', async () => {
    const { run, log } = await ping('object');
    expect(run.status).toBe('FAILED');
    expect(log.map((s) => [s.step_key, s.status, s.attempt])).toEqual([['make', 'FAILED', 1]]);
    expect(log[0]!.error).toMatch(/^Role "clerk" was refused \(FORBIDDEN, object vault\)/);
    expect(run.error).toContain('Step "make" failed: Role "clerk" was refused');
  });

  test('a write of a field the role cannot write is refused naming the field', async () => {
    const { run, log } = await ping('field');
    expect(run.status).toBe('FAILED');
    expect(log[0]!.error).toMatch(/\(FORBIDDEN, field [a-z]+\.secret\)/);
    const { rows } = await server.database.opened.db.query(`select 1 from ws_assign.ledgers where name = 'no'`);
    expect(rows).toEqual([]);
  });

  test('a find step reads only records in the role scope, without hidden fields; filtering on one is refused', async () => {
    const { run, log } = await ping('find');
    expect(run.status).toBe('SUCCEEDED');
    const found = log[0]!.output as { records: Record<string, unknown>[] };
    expect(found.records.length).toBeGreaterThan(0);
    for (const record of found.records) {
      expect(record.region).toBe('north');
      expect(record).not.toHaveProperty('secret');
    }
    expect(found.records.map((r) => r.name)).toContain('North A');
    const hidden = await ping('filterHidden');
    expect(hidden.run.status).toBe('FAILED');
    expect(hidden.log[0]!.error).toMatch(/FORBIDDEN, field steps\.find\.filter/);
  });
});
