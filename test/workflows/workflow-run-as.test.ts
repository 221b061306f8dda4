/**
 * A workflow running as a role (`runAs`): its steps' writes and reads are bounded by the role, the
 * trigger record reaches the run only as the role may read it, and a record outside the role's
 * scope fails the step at once (no retry brings it in).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { activeWorkflow, apiOf, createObject, finishedRun, stepLogOf } from './workflow-test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'runas', worker: true });
});
afterAll(async () => {
  await server?.close();
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
    const objects = { ledger: ['name', 'region', 'secret'], vault: ['name'], ping: ['mode'] };
    for (const [singular, fields] of Object.entries(objects)) {
      const text = fields.map((name) => ({ name, label: name[0]!.toUpperCase() + name.slice(1), type: 'TEXT' }));
      await createObject(server, { singular, plural: `${singular}s` }, text);
    }
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
      `insert into ws_runas.ledgers (id, name, region, secret) values
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

  test('runs started at once (their jobs run together) succeed beside one that fails, each step done once', async () => {
    const runs = await Promise.all(['allowed', 'object', 'allowed', 'allowed'].map(ping));
    expect(runs.map(({ run }) => run.status)).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    for (const { log } of runs) expect(log.map((s) => [s.step_key, s.attempt])).toEqual([['make', 1]]);
  });

  test('a write of a field the role cannot write is refused naming the field', async () => {
    const { run, log } = await ping('field');
    expect(run.status).toBe('FAILED');
    expect(log[0]!.error).toMatch(/\(FORBIDDEN, field [a-z]+\.secret\)/);
    const { rows } = await server.database.opened.db.query(`select 1 from ws_runas.ledgers where name = 'no'`);
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

describe('the trigger record of a run as a role', () => {
  beforeAll(async () => {
    // Writes back into its own trigger record what it read of it: hidden fields would show there too.
    await activeWorkflow(server, 'Clerk echoes', {
      trigger: { type: 'RECORD_CREATED', object: 'ledger', condition: { name: { startsWith: 'echo' } } },
      runAs: 'clerk',
      steps: [
        {
          key: 'echo',
          type: 'update_records',
          settings: { object: 'ledger', values: { name: 'echoed {{ record.region }}/{{ record.secret }}' } },
        },
      ],
    });
  });

  const createLedger = async (name: string, region: string) =>
    (
      await apiOf(server).data<{ createLedger: { id: string } }>(
        'mutation($d: LedgerCreateInput!) { createLedger(data: $d) { id } }',
        { d: { name, region, secret: 'top-secret' } },
      )
    ).createLedger.id;

  const runOf = async (recordId: string) => {
    const run = await finishedRun(server, recordId);
    const { rows } = await server.database.opened.db.query<{ input: { record: Record<string, unknown> } }>(
      'select input from relata.workflow_runs where id = $1',
      [run.id],
    );
    return { run, input: rows[0]!.input, log: await stepLogOf(server, run.id) };
  };

  test('reaches the run without the fields the role cannot read: not in expressions, steps or the log', async () => {
    const id = await createLedger('echo north', 'north');
    const { run, input, log } = await runOf(id);
    expect(run.status).toBe('SUCCEEDED');
    expect(input.record).toMatchObject({ id, name: 'echo north', region: 'north' });
    expect(input.record).not.toHaveProperty('secret');
    expect(JSON.stringify(log)).not.toContain('top-secret');
    const { rows } = await server.database.opened.db.query('select name, secret from ws_runas.ledgers where id = $1', [
      id,
    ]);
    expect(rows).toEqual([{ name: 'echoed north/', secret: 'top-secret' }]);
  });

  test('outside the role scope reaches it as its id only; updating it fails the step once, NOT_FOUND, no retry', async () => {
    const id = await createLedger('echo south', 'south');
    const { run, input, log } = await runOf(id);
    expect(input.record).toEqual({ id });
    expect(run.status).toBe('FAILED');
    expect(log.map((s) => [s.step_key, s.status, s.attempt])).toEqual([['echo', 'FAILED', 1]]);
    expect(log[0]!.error).toMatch(/^Role "clerk" was refused \(NOT_FOUND, object ledger\): No ledger with id /);
    expect(run.error).toContain('Step "echo" failed: Role "clerk" was refused (NOT_FOUND, object ledger)');
    const { rows } = await server.database.opened.db.query('select name from ws_runas.ledgers where id = $1', [id]);
    expect(rows).toEqual([{ name: 'echo south' }]);
  });

  test('a manual run as the role gets each selected record as the role reads it', async () => {
    // No steps: the run ends at once; what it got is its stored input.
    const workflowId = await activeWorkflow(server, 'Clerk by hand', {
      trigger: { type: 'MANUAL', object: 'ledger' },
      runAs: 'clerk',
      steps: [],
    });
    const north = await createLedger('hand north', 'north');
    const south = await createLedger('hand south', 'south');
    const { runWorkflow } = await apiOf(server).data<{ runWorkflow: { recordId: string }[] }>(
      'mutation($w: ID!, $ids: [ID!]!) { runWorkflow(workflowId: $w, recordIds: $ids) { recordId } }',
      { w: workflowId, ids: [north, south] },
    );
    expect(runWorkflow).toHaveLength(2);
    const inputs = new Map<string, Record<string, unknown>>();
    for (const id of [north, south]) {
      const { rows } = await server.database.opened.db.query<{ input: { record: Record<string, unknown> } }>(
        'select input from relata.workflow_runs where record_id = $1 and workflow_id = $2',
        [id, workflowId],
      );
      inputs.set(id, rows[0]!.input.record);
    }
    expect(inputs.get(north)).toMatchObject({ id: north, name: 'hand north', region: 'north' });
    expect(inputs.get(north)).not.toHaveProperty('secret');
    expect(inputs.get(south)).toEqual({ id: south });
  });
});
