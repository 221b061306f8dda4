import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedWidgetData, WIDGET_MODEL, WIDGETS } from './analytics-fixture';
import { type AnalyticsWorld, createAnalyticsWorld } from './analytics-world';

// The analytical widgets through the real server (HISTORY_FUNNEL, COHORT, BASKET, FORECAST): each
// number checked against a hand-computed answer, and for a role with a record scope and hidden
// fields: records out of scope do not count, a widget naming a hidden field shows nothing.

let world: AnalyticsWorld;
let dashboardId = '';
interface Widget {
  id: string;
  state: string;
  analysis: Record<string, unknown> | null;
}
async function widgetsAs(token?: string): Promise<Record<string, Widget>> {
  const data = await world.data<{ dashboard: { widgets: Widget[] } }>(
    'query($id: ID!) { dashboard(id: $id) { widgets { id state analysis } } }',
    { id: dashboardId },
    token,
  );
  return Object.fromEntries(data.dashboard.widgets.map((w) => [w.id, w]));
}

beforeAll(async () => {
  world = await createAnalyticsWorld(WIDGET_MODEL);
  await seedWidgetData(world);
  const created = await world.meta<{ createDashboard: { id: string } }>(
    'mutation($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }',
    { input: { name: 'analytics', label: 'Analytics', widgets: WIDGETS } },
  );
  dashboardId = created.createDashboard.id;
});
afterAll(() => world?.close());

describe('funnel from history', () => {
  test('stages reached in the period (a skipped stage counts as passed), conversion and median days in stage', async () => {
    const { funnel } = await widgetsAs();
    // By hand: NEW d1-d4; QUALIFIED d1 d2 (d3 skipped it to PROPOSAL); PROPOSAL d1 d3; WON d1.
    // Days in NEW: d1 2, d2 4, d3 1 (d4 still there) -> 2; QUALIFIED: d1 3; PROPOSAL: d1 1; WON: none ended.
    expect(funnel?.analysis).toEqual({
      kind: 'HISTORY_FUNNEL',
      steps: [
        { value: 'NEW', label: 'New', reached: 4, conversion: null, medianDays: 2 },
        { value: 'QUALIFIED', label: 'Qualified', reached: 3, conversion: 0.75, medianDays: 3 },
        { value: 'PROPOSAL', label: 'Proposal', reached: 2, conversion: 2 / 3, medianDays: 1 },
        { value: 'WON', label: 'Won', reached: 1, conversion: 0.5, medianDays: null },
      ],
    });
  });

  test('a role with a record scope counts only its records', async () => {
    const { funnel } = await widgetsAs(world.rep.token);
    // EAST only: d1, d2 (d5 before the period). Days in NEW: 2 and 4 -> 3.
    expect(funnel?.analysis).toMatchObject({
      steps: [
        { value: 'NEW', reached: 2, medianDays: 3 },
        { value: 'QUALIFIED', reached: 2, conversion: 1, medianDays: 3 },
        { value: 'PROPOSAL', reached: 1, conversion: 0.5 },
        { value: 'WON', reached: 1, conversion: 1 },
      ],
    });
  });
});

describe('cohorts', () => {
  test('customers by the month of their first invoice, retention in the months after', async () => {
    const { cohorts } = await widgetsAs();
    // 2026-01: c0 (Jan, Feb, Mar) and c1 (Jan, Mar); 2026-02: c2 (Feb, Feb, Mar) and c3 (Feb).
    expect(cohorts?.analysis).toEqual({
      kind: 'COHORT',
      months: 2,
      cohorts: [
        { cohort: '2026-01', size: 2, retention: [1, 0.5, 1] },
        { cohort: '2026-02', size: 2, retention: [1, 0.5, 0] },
      ],
    });
  });

  test('a role with a record scope sees cohorts of its customers only', async () => {
    const { cohorts } = await widgetsAs(world.rep.token);
    // EAST customers: c0 and c2.
    expect(cohorts?.analysis).toMatchObject({
      cohorts: [
        { cohort: '2026-01', size: 1, retention: [1, 1, 1] },
        { cohort: '2026-02', size: 1, retention: [1, 1, 0] },
      ],
    });
  });
});

describe('basket analysis', () => {
  test('pairs with support, confidence and lift, most frequent first', async () => {
    const { basket } = await widgetsAs();
    interface Pair {
      a: { label: string };
      b: { label: string };
      together: number;
      support: number;
      confidence: number;
      confidenceReverse: number;
      lift: number;
    }
    const pairs = ((basket?.analysis ?? { pairs: [] }) as { pairs: Pair[] }).pairs.map((p) => {
      // Pairs come ordered by id; name them alphabetically with the confidence in that direction.
      const flip = p.a.label > p.b.label;
      return {
        pair: flip ? `${p.b.label}${p.a.label}` : `${p.a.label}${p.b.label}`,
        together: p.together,
        support: p.support,
        confidence: flip ? p.confidenceReverse : p.confidence,
        lift: p.lift,
      };
    });
    // 4 orders: ABC, AB, AC, B. A in 3, B in 3, C in 2.
    expect(pairs).toEqual([
      { pair: 'AC', together: 2, support: 0.5, confidence: 2 / 3, lift: (2 * 4) / (3 * 2) },
      { pair: 'AB', together: 2, support: 0.5, confidence: 2 / 3, lift: (2 * 4) / (3 * 3) },
      { pair: 'BC', together: 1, support: 0.25, confidence: 1 / 3, lift: (1 * 4) / (3 * 2) },
    ]);
  });

  test('a role that cannot read the line items gets nothing', async () => {
    const { basket } = await widgetsAs(world.rep.token);
    expect(basket).toMatchObject({ state: 'RESTRICTED', analysis: null });
  });
});

describe('forecast', () => {
  test('weighted, best and worst case by close month', async () => {
    const { forecast } = await widgetsAs();
    expect(forecast?.analysis).toEqual({
      kind: 'FORECAST',
      months: [
        { month: '2027-01', weighted: 1000 + 250, best: 1500, worst: 1000 },
        { month: '2027-02', weighted: 50, best: 200, worst: 0 },
      ],
    });
  });

  test('a widget over a field the role cannot read is RESTRICTED: the hidden amount is not inferable', async () => {
    const { forecast } = await widgetsAs(world.rep.token);
    expect(forecast).toMatchObject({ state: 'RESTRICTED', analysis: null });
  });

  test('a widget naming a field that does not fit its kind is refused with the path', async () => {
    const bad = await world.server.metadataGql(
      'mutation($input: UpdateDashboardInput!, $id: ID!) { updateDashboard(id: $id, input: $input) { id } }',
      {
        id: dashboardId,
        input: {
          widgets: [
            {
              ...WIDGETS[3],
              analysis: { kind: 'FORECAST', amount: 'title', probability: 'probability', closeDate: 'closeDate' },
            },
          ],
        },
      },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.widgets[0].analysis.amount',
    });
  });
});

describe('KPI against the previous period', () => {
  test('the last 30 days of orders and the 30 before', async () => {
    const data = await world.data<{
      dashboard: { widgets: { id: string; points: { value: number; previous: number }[] }[] };
    }>('query($id: ID!) { dashboard(id: $id) { widgets { id points { value previous } } } }', { id: dashboardId });
    // By hand: c8 (20-26 days ago, 7) and c9 (10-19, 10) now; c7 (30-35, 6), c6 (40-43, 4), c5 (50-58, 9) before.
    expect(data.dashboard.widgets.find((w) => w.id === 'orders')?.points).toEqual([{ value: 17, previous: 19 }]);
  });
});

describe('personal dashboards', () => {
  const CREATE =
    'mutation($input: JSON!) { createMyDashboard(input: $input) { id personal widgets { id state points { value } } } }';
  const widget = (field: string | null) => ({
    id: 'mine',
    title: 'Mine',
    kind: 'NUMBER',
    object: 'customer',
    measure: field ? { function: 'SUM', field } : { function: 'COUNT' },
    layout: { x: 0, y: 0, w: 3, h: 2 },
  });

  test('are their owner’s alone, beside the shared ones, computed with the owner’s rights', async () => {
    const created = await world.server.gql<{
      createMyDashboard: { id: string; personal: boolean; widgets: { points: { value: number }[] }[] };
    }>(CREATE, { input: { name: 'repOwn', label: 'Mine', widgets: [widget(null)] } }, world.rep.token);
    const mine = created.data?.createMyDashboard;
    // EAST customers: c0 c2 c4 c6 c8 c10.
    expect(mine).toMatchObject({ personal: true, widgets: [{ points: [{ value: 6 }] }] });
    const repList = await world.data<{ dashboards: { id: string; personal: boolean }[] }>(
      '{ dashboards { id personal } }',
      {},
      world.rep.token,
    );
    expect(repList.dashboards).toEqual(
      expect.arrayContaining([
        { id: mine?.id, personal: true },
        { id: dashboardId, personal: false },
      ]),
    );
    const adminList = await world.data<{ dashboards: { id: string }[] }>('{ dashboards { id } }');
    expect(adminList.dashboards.map((d) => d.id)).not.toContain(mine?.id);
    const peek = await world.server.gql('query($id: ID!) { dashboard(id: $id) { id } }', { id: mine?.id });
    expect(peek.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const steal = await world.server.gql('mutation($id: ID!) { deleteMyDashboard(id: $id) { id } }', { id: mine?.id });
    expect(steal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('a widget naming a hidden field is refused exactly like one naming no field', async () => {
    const hidden = await world.server.gql(
      CREATE,
      { input: { name: 'repHidden', label: 'H', widgets: [widget('spent')] } },
      world.rep.token,
    );
    const missing = await world.server.gql(
      CREATE,
      { input: { name: 'repMissing', label: 'M', widgets: [widget('nope')] } },
      world.rep.token,
    );
    expect(hidden.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.widgets[0]' });
    expect(hidden.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(hidden.errors?.[0]?.extensions).toEqual(missing.errors?.[0]?.extensions);
  });
});
