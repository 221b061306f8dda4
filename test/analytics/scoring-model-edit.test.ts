import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AnalyticsWorld, createAnalyticsWorld } from './analytics-world';

// Editing scoring models on /metadata: the change and the rerun commit together, bad input is
// refused naming its field (nothing changes), and only admins may edit.

let world: AnalyticsWorld;

const RUN = 'changed covered model { id label definition }';
interface Run {
  changed: number;
  covered: number;
  model: { id: string; label: string; definition: Record<string, unknown> };
}
const UPDATE_RFM = `mutation($id: ID!, $input: UpdateRfmModelInput!) { updateRfmModel(id: $id, input: $input) { ${RUN} } }`;
const UPDATE_LIFECYCLE = `mutation($id: ID!, $input: UpdateLifecycleModelInput!) { updateLifecycleModel(id: $id, input: $input) { ${RUN} } }`;

let rfm: Run;
let lifecycle: Run;

async function customers(fields: string): Promise<Record<string, Record<string, unknown>>> {
  const data = await world.data<{ customers: { edges: { node: { name: string } & Record<string, unknown> }[] } }>(
    `{ customers(first: 50) { edges { node { name ${fields} } } } }`,
  );
  return Object.fromEntries(data.customers.edges.map((e) => [e.node.name, e.node]));
}

beforeAll(async () => {
  world = await createAnalyticsWorld();
  rfm = (
    await world.meta<{ createRfmModel: Run }>(
      `mutation($input: CreateRfmModelInput!) { createRfmModel(input: $input) { ${RUN} } }`,
      {
        input: {
          name: 'customerRfm',
          label: 'RFM',
          object: 'customer',
          related: { object: 'order', relation: 'customer', date: 'placedAt', amount: 'total' },
        },
      },
    )
  ).createRfmModel;
  lifecycle = (
    await world.meta<{ createLifecycleModel: Run }>(
      `mutation($input: CreateLifecycleModelInput!) { createLifecycleModel(input: $input) { ${RUN} } }`,
      {
        input: {
          name: 'customerLifecycle',
          label: 'Lifecycle',
          object: 'customer',
          field: { name: 'stage', label: 'Stage' },
          stages: [
            { value: 'LEAD', label: 'Lead' },
            { value: 'CUSTOMER', label: 'Customer', condition: { orderCount: { gte: 1 } } },
            { value: 'VIP', label: 'VIP', condition: { spent: { gte: 900 } } },
          ],
        },
      },
    )
  ).createLifecycleModel;
});
afterAll(() => world?.close());

describe('editing an RFM model', () => {
  test('a shorter window rescores at once: only customers ordering within it keep scores', async () => {
    const run = (
      await world.meta<{ updateRfmModel: Run }>(UPDATE_RFM, {
        id: rfm.model.id,
        input: { windowDays: 55, label: 'RFM 55' },
      })
    ).updateRfmModel;
    expect(run.model).toMatchObject({ label: 'RFM 55', definition: { windowDays: 55 } });
    expect(run.changed).toBeGreaterThan(0);
    const seen = await customers('rfmRecency');
    // Latest orders 100..60 days ago (c0..c4) fall out; c5..c9 (50..10 days) rank 1..5 by recency.
    expect(['c0', 'c1', 'c2', 'c3', 'c4'].map((c) => seen[c]?.rfmRecency)).toEqual([null, null, null, null, null]);
    expect(['c5', 'c6', 'c7', 'c8', 'c9'].map((c) => seen[c]?.rfmRecency)).toEqual([1, 2, 3, 4, 5]);
  });

  test('bad input is refused naming its field, and nothing changes', async () => {
    const notAmount = await world.server.metadataGql(UPDATE_RFM, {
      id: rfm.model.id,
      input: {
        related: { object: 'order', relation: 'customer', date: 'placedAt', amount: 'placedAt' },
        windowDays: 365,
      },
    });
    expect(notAmount.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.related.amount' });
    const window = await world.server.metadataGql(UPDATE_RFM, { id: rfm.model.id, input: { windowDays: 0 } });
    expect(window.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.windowDays' });
    const wrongKind = await world.server.metadataGql(UPDATE_LIFECYCLE, { id: rfm.model.id, input: { label: 'x' } });
    expect(wrongKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const models = await world.meta<{ scoringModels: { name: string; definition: { windowDays?: number } }[] }>(
      '{ scoringModels { name definition } }',
    );
    expect(models.scoringModels.find((m) => m.name === 'customerRfm')?.definition.windowDays).toBe(55);
  });

  test('a member who is not an admin is refused', async () => {
    const refused = await world.server.metadataGql(
      UPDATE_RFM,
      { id: rfm.model.id, input: { windowDays: 365 } },
      world.rep.token,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await customers('rfmRecency')).c0?.rfmRecency).toBeNull();
  });
});

describe('editing a lifecycle model', () => {
  test('new conditions restage every record in the same step', async () => {
    const run = (
      await world.meta<{ updateLifecycleModel: Run }>(UPDATE_LIFECYCLE, {
        id: lifecycle.model.id,
        input: {
          stages: [
            { value: 'LEAD', label: 'Lead' },
            { value: 'VIP', label: 'VIP', condition: { spent: { gte: 500 } } },
          ],
        },
      })
    ).updateLifecycleModel;
    expect(run.changed).toBeGreaterThan(0);
    const seen = await customers('stage');
    // Spent: c0 100, c1 900, c2 300, c3 200, c4 1000, c5 50, c6 700, c7 400, c8 600, c9 800.
    const stages = Array.from({ length: 10 }, (_, i) => seen[`c${i}`]?.stage);
    expect(stages).toEqual(['LEAD', 'VIP', 'LEAD', 'LEAD', 'VIP', 'LEAD', 'VIP', 'LEAD', 'VIP', 'VIP']);
  });

  test('a stage that is not an option of its field is refused on that stage', async () => {
    const refused = await world.server.metadataGql(UPDATE_LIFECYCLE, {
      id: lifecycle.model.id,
      input: {
        stages: [
          { value: 'LEAD', label: 'Lead' },
          { value: 'CHURNED', label: 'Churned' },
        ],
      },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.stages[1].value' });
    const condition = await world.server.metadataGql(UPDATE_LIFECYCLE, {
      id: lifecycle.model.id,
      input: {
        stages: [
          { value: 'LEAD', label: 'Lead' },
          { value: 'VIP', label: 'VIP', condition: { nope: { gte: 1 } } },
        ],
      },
    });
    expect(condition.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(String(condition.errors?.[0]?.extensions?.field)).toMatch(/^input\.stages\[1\]\.condition/);
  });
});
