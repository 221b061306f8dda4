import { loadSnapshot, queueScoringRuns, runScoringJob, SCORING_RUN_TASK } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { type AnalyticsWorld, createAnalyticsWorld, regionOf } from './analytics-world';

// RFM and lifecycle models through the real server: created on /metadata, stored on the subject's
// records by one statement per run, read-only, usable in filters and sorts, under the reader's rights,
// and every change of a stored value in the record's history.

let world: AnalyticsWorld;

const RUN = 'changed covered durationMs phases { phase ms } model { id name object definition lastChanged }';
const CREATE_RFM = `mutation($input: CreateRfmModelInput!) { createRfmModel(input: $input) { ${RUN} } }`;
const CREATE_LIFECYCLE = `mutation($input: CreateLifecycleModelInput!) { createLifecycleModel(input: $input) { ${RUN} } }`;
const RECOMPUTE = `mutation($id: ID!) { recomputeScoringModel(id: $id) { ${RUN} } }`;

interface Run {
  changed: number;
  covered: number;
  phases: { phase: string; ms: number }[];
  model: { id: string; definition: Record<string, unknown> };
}
interface Scored {
  name: string;
  rfmRecency: number | null;
  rfmFrequency: number | null;
  rfmMonetary: number | null;
  rfmSegment: string | null;
}

// Hand-computed from analytics-world's table: ntile(5) over 10 scored customers puts 2 in each
// quintile. Recency ascending by last order: c0 c1 | c2 c3 | c4 c5 | c6 c7 | c8 c9. Frequency
// ascending (1 2 3 4 5 6 7 8 9 10 orders): c1 c2 | c4 c6 | c0 c7 | c8 c3 | c5 c9. Monetary
// ascending (50 100 200 300 400 600 700 800 900 1000): c5 c0 | c3 c2 | c7 c8 | c6 c9 | c1 c4.
const EXPECTED: Record<string, [number, number, number, string] | null> = {
  c0: [1, 3, 1, 'AT_RISK'],
  c1: [1, 1, 5, 'HIBERNATING'],
  c2: [2, 1, 2, 'HIBERNATING'],
  c3: [2, 4, 2, 'AT_RISK'],
  c4: [3, 2, 5, 'ABOUT_TO_SLEEP'],
  c5: [3, 5, 1, 'LOYAL'],
  c6: [4, 2, 4, 'POTENTIAL_LOYALIST'],
  c7: [4, 3, 3, 'POTENTIAL_LOYALIST'],
  c8: [5, 4, 3, 'CHAMPIONS'],
  c9: [5, 5, 4, 'CHAMPIONS'],
  // No order at all; only an order before the window.
  c10: null,
  c11: null,
};

const SCORES = 'name rfmRecency rfmFrequency rfmMonetary rfmSegment';
async function scores(token?: string): Promise<Record<string, Scored>> {
  const data = await world.data<{ customers: { edges: { node: Scored }[] } }>(
    `{ customers(first: 50) { edges { node { ${SCORES} } } } }`,
    {},
    token,
  );
  return Object.fromEntries(data.customers.edges.map((e) => [e.node.name, e.node]));
}

let rfm: Run;
let lifecycle: Run;

beforeAll(async () => {
  world = await createAnalyticsWorld();
  rfm = (
    await world.meta<{ createRfmModel: Run }>(CREATE_RFM, {
      input: {
        name: 'customerRfm',
        label: 'RFM',
        object: 'customer',
        related: { object: 'order', relation: 'customer', date: 'placedAt', amount: 'total' },
        windowDays: 365,
      },
    })
  ).createRfmModel;
  lifecycle = (
    await world.meta<{ createLifecycleModel: Run }>(CREATE_LIFECYCLE, {
      input: {
        name: 'customerLifecycle',
        label: 'Lifecycle',
        object: 'customer',
        field: { name: 'stage', label: 'Stage' },
        stages: [
          { value: 'LEAD', label: 'Lead' },
          { value: 'CUSTOMER', label: 'Customer', condition: { orderCount: { gte: 1 } } },
          { value: 'REPEAT', label: 'Repeat', condition: { orderCount: { gte: 3 } } },
          { value: 'VIP', label: 'VIP', condition: { spent: { gte: 900 } } },
        ],
      },
    })
  ).createLifecycleModel;
});
afterAll(() => world?.close());

describe('RFM model', () => {
  test('creating it runs it once: scores of the hand-computed table, nulls without orders in the window', async () => {
    expect(rfm.covered).toBe(12);
    expect(rfm.changed).toBe(10);
    // Where the time went: the fields' creation, then each step of the run.
    expect(rfm.phases.map((p) => p.phase)).toEqual(['fields', 'score', 'diff', 'write', 'audit']);
    const seen = await scores();
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const s = seen[name] as Scored;
      const got = s.rfmRecency === null ? null : [s.rfmRecency, s.rfmFrequency, s.rfmMonetary, s.rfmSegment];
      expect(got, name).toEqual(expected);
    }
    expect(rfm.model.definition).toMatchObject({
      related: { object: 'order', relation: 'customer', date: 'placedAt', amount: 'total' },
      fields: { recency: 'rfmRecency', frequency: 'rfmFrequency', monetary: 'rfmMonetary', segment: 'rfmSegment' },
    });
  });

  test('a second run changes nothing and writes no history', async () => {
    const again = (await world.meta<{ recomputeScoringModel: Run }>(RECOMPUTE, { id: rfm.model.id }))
      .recomputeScoringModel;
    expect(again).toMatchObject({ changed: 0, covered: 12 });
    expect(again.phases.map((p) => p.phase)).toEqual(['score', 'diff', 'write', 'audit']);
  });

  test('the scores are read-only in every API and to the metadata API', async () => {
    const update = await world.server.gql(
      'mutation($id: ID!) { updateCustomer(id: $id, data: { rfmRecency: 5 }) { id } }',
      {
        id: world.customers.c0,
      },
    );
    expect(update.errors?.[0]?.message).toMatch(/rfmRecency/);
    const retype = await world.server.metadataGql(
      'mutation { updateField(object: "customer", name: "rfmSegment", input: { options: [{ value: "X", label: "X" }] }) { applied } }',
    );
    expect(retype.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.options' });
    const drop = await world.server.metadataGql(
      'mutation { deleteField(object: "customer", name: "rfmRecency") { applied } }',
    );
    expect(drop.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  test('filters, sorts and groups by the stored scores', async () => {
    const data = await world.data<{ customers: { edges: { node: { name: string } }[] } }>(
      '{ customers(filter: { rfmSegment: { in: [CHAMPIONS, LOYAL] } }, orderBy: [{ rfmMonetary: DescNullsLast }]) { edges { node { name } } } }',
    );
    expect(data.customers.edges.map((e) => e.node.name)).toEqual(['c9', 'c8', 'c5']);
    const groups = await world.data<{ customersAggregate: { group: { rfmSegment: string | null }; count: number }[] }>(
      '{ customersAggregate(groupBy: [{ rfmSegment: true }]) { group { rfmSegment } count } }',
    );
    const counts = Object.fromEntries(groups.customersAggregate.map((g) => [g.group.rfmSegment ?? 'none', g.count]));
    expect(counts).toEqual({
      CHAMPIONS: 2,
      LOYAL: 1,
      POTENTIAL_LOYALIST: 2,
      ABOUT_TO_SLEEP: 1,
      AT_RISK: 2,
      HIBERNATING: 2,
      none: 2,
    });
  });

  test('a reader sees scores only on records in its scope, and no hidden field through them', async () => {
    const seen = await scores(world.rep.token);
    const east = Object.keys(EXPECTED).filter((name) => regionOf(Number(name.slice(1))) === 'EAST');
    expect(Object.keys(seen).sort()).toEqual(east.sort());
    // Scores rank each customer among all (computed as the system): the same numbers the admin reads.
    const admin = await scores();
    for (const name of east) expect(seen[name]).toEqual(admin[name]);
    const hidden = await world.server.gql(
      '{ customers(filter: { spent: { gt: 0 } }) { totalCount } }',
      {},
      world.rep.token,
    );
    expect(hidden.errors?.length).toBeGreaterThan(0);
  });

  test('a new order moves its customer on the next run, and the change lands in its history', async () => {
    await world.data('mutation($d: OrderCreateInput!) { createOrder(data: $d) { id } }', {
      d: { customerId: world.customers.c0, placedAt: new Date().toISOString(), total: 1 },
    });
    const run = (await world.meta<{ recomputeScoringModel: Run }>(RECOMPUTE, { id: rfm.model.id }))
      .recomputeScoringModel;
    expect(run.changed).toBeGreaterThan(0);
    const seen = await scores();
    // Recency ascending now: c1 c2 | c3 c4 | c5 c6 | c7 c8 | c9 c0.
    expect([seen.c0?.rfmRecency, seen.c1?.rfmRecency, seen.c3?.rfmRecency]).toEqual([5, 1, 2]);
    const history = await world.data<{
      customer: {
        history: {
          edges: {
            node: { action: string; via: string; changes: { field: string; before: unknown; after: unknown }[] };
          }[];
        };
      };
    }>(
      'query($id: ID!) { customer(id: $id) { history(first: 10) { edges { node { action via changes { field before after } } } } } }',
      { id: world.customers.c0 },
    );
    const recency = history.customer.history.edges
      .flatMap((e) => e.node.changes.map((c) => ({ ...c, via: e.node.via })))
      .filter((c) => c.field === 'rfmRecency');
    expect(recency).toEqual(
      expect.arrayContaining([
        { field: 'rfmRecency', before: null, after: 1, via: 'system' },
        { field: 'rfmRecency', before: 1, after: 5, via: 'system' },
      ]),
    );
    // A run's audit row holds only the fields it changed, each with its old and new value.
    const modelChanges = history.customer.history.edges
      .filter((e) => e.node.via === 'system')
      .flatMap((e) => e.node.changes);
    for (const change of modelChanges) expect(change.before, change.field).not.toEqual(change.after);
    expect([...new Set(modelChanges.map((c) => c.field))]).toEqual(
      expect.arrayContaining(['rfmRecency', 'rfmFrequency', 'rfmMonetary', 'rfmSegment']),
    );
  });
});

describe('lifecycle model', () => {
  test('each customer is in the last stage whose condition it matches', async () => {
    expect(lifecycle.covered).toBe(12);
    const data = await world.data<{ customers: { edges: { node: { name: string; stage: string | null } }[] } }>(
      '{ customers(first: 50) { edges { node { name stage } } } }',
    );
    const stages = Object.fromEntries(data.customers.edges.map((e) => [e.node.name, e.node.stage]));
    // Orders: c0 5, c1 1 (spent 900), c2 2, c3 8, c4 3 (spent 1000), c5..c9 >= 4, c10 none, c11 1.
    expect(stages).toEqual({
      c0: 'REPEAT',
      c1: 'VIP',
      c2: 'CUSTOMER',
      c3: 'REPEAT',
      c4: 'VIP',
      c5: 'REPEAT',
      c6: 'REPEAT',
      c7: 'REPEAT',
      c8: 'REPEAT',
      c9: 'REPEAT',
      c10: 'LEAD',
      c11: 'CUSTOMER',
    });
  });

  test('a stage change on a later run is a history entry like any change', async () => {
    await world.data('mutation($d: OrderCreateInput!) { createOrder(data: $d) { id } }', {
      d: { customerId: world.customers.c10, placedAt: new Date().toISOString(), total: 10 },
    });
    const run = (await world.meta<{ recomputeScoringModel: Run }>(RECOMPUTE, { id: lifecycle.model.id }))
      .recomputeScoringModel;
    expect(run.changed).toBe(1);
    const history = await world.data<{
      customer: {
        stage: string;
        history: { edges: { node: { changes: { field: string; before: unknown; after: unknown }[] } }[] };
      };
    }>(
      'query($id: ID!) { customer(id: $id) { stage history(first: 10) { edges { node { changes { field before after } } } } } }',
      { id: world.customers.c10 },
    );
    expect(history.customer.stage).toBe('CUSTOMER');
    const moves = history.customer.history.edges.flatMap((e) => e.node.changes).filter((c) => c.field === 'stage');
    expect(moves).toEqual(
      expect.arrayContaining([
        { field: 'stage', before: null, after: 'LEAD' },
        { field: 'stage', before: 'LEAD', after: 'CUSTOMER' },
      ]),
    );
  });

  test('deleting a model releases its field: kept with its values, writable again', async () => {
    const deleted = await world.meta<{ deleteScoringModel: { name: string } }>(
      'mutation($id: ID!) { deleteScoringModel(id: $id) { name } }',
      { id: lifecycle.model.id },
    );
    expect(deleted.deleteScoringModel.name).toBe('customerLifecycle');
    const updated = await world.data<{ updateCustomer: { stage: string } }>(
      'mutation($id: ID!) { updateCustomer(id: $id, data: { stage: LEAD }) { stage } }',
      { id: world.customers.c10 },
    );
    expect(updated.updateCustomer.stage).toBe('LEAD');
    const models = await world.meta<{ scoringModels: { name: string }[] }>('{ scoringModels { name } }');
    expect(models.scoringModels.map((m) => m.name)).toEqual(['customerRfm']);
  });
});

describe('the scheduled job', () => {
  test('the tick queues one run per model (a second tick replaces it), and the run applies the model', async () => {
    const { db } = world.server.database.opened;
    await db.query('delete from graphile_worker._private_jobs');
    expect(await queueScoringRuns(db)).toBe(1);
    await queueScoringRuns(db);
    const jobs = await queuedJobs<{ modelId: string; workspaceId: string }>(db, SCORING_RUN_TASK);
    expect(jobs.map((j) => j.payload)).toEqual([{ workspaceId: world.server.workspace.id, modelId: rfm.model.id }]);
    await world.data('mutation($d: OrderCreateInput!) { createOrder(data: $d) { id } }', {
      d: { customerId: world.customers.c1, placedAt: new Date().toISOString(), total: 1 },
    });
    await runScoringJob(db, (id) => loadSnapshot(db, id), jobs[0]?.payload);
    expect((await scores()).c1?.rfmRecency).toBe(5);
  });
});
