import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AnalyticsWorld, createAnalyticsWorld, daysAgo } from './analytics-world';

// The analytical widgets through the real server (HISTORY_FUNNEL, COHORT, BASKET, FORECAST): each
// number checked against a hand-computed answer, and for a role with a record scope and hidden
// fields: records out of scope do not count, a widget naming a hidden field shows nothing.

const EXTRA = [
  'mutation { createObject(input: { nameSingular: "deal", namePlural: "deals", labelSingular: "Deal", labelPlural: "Deals" }) { applied } }',
  'mutation { createField(object: "deal", input: { name: "title", label: "Title", type: TEXT }) { applied } }',
  `mutation { createField(object: "deal", input: { name: "stage", label: "Stage", type: SELECT, options: [
     { value: "NEW", label: "New" }, { value: "QUALIFIED", label: "Qualified" }, { value: "PROPOSAL", label: "Proposal" }, { value: "WON", label: "Won" }] }) { applied } }`,
  `mutation { createField(object: "deal", input: { name: "region", label: "Region", type: SELECT,
     options: [{ value: "EAST", label: "East" }, { value: "WEST", label: "West" }] }) { applied } }`,
  'mutation { createField(object: "deal", input: { name: "amount", label: "Amount", type: NUMBER }) { applied } }',
  'mutation { createField(object: "deal", input: { name: "probability", label: "Probability", type: NUMBER }) { applied } }',
  'mutation { createField(object: "deal", input: { name: "closeDate", label: "Close date", type: DATE }) { applied } }',
  'mutation { createField(object: "order", input: { name: "invoiceDate", label: "Invoice date", type: DATE }) { applied } }',
  'mutation { createObject(input: { nameSingular: "product", namePlural: "products", labelSingular: "Product", labelPlural: "Products" }) { applied } }',
  'mutation { createField(object: "product", input: { name: "name", label: "Name", type: TEXT }) { applied } }',
  'mutation { createObject(input: { nameSingular: "orderLine", namePlural: "orderLines", labelSingular: "Order line", labelPlural: "Order lines" }) { applied } }',
  `mutation { createField(object: "orderLine", input: { name: "purchase", label: "Order", type: RELATION,
     relation: { target: "order", kind: MANY_TO_ONE, inverseName: "lines", onDelete: CASCADE } }) { applied } }`,
  `mutation { createField(object: "orderLine", input: { name: "product", label: "Product", type: RELATION,
     relation: { target: "product", kind: MANY_TO_ONE, inverseName: "lines", onDelete: RESTRICT } }) { applied } }`,
  `mutation { setObjectPermission(role: "rep", object: "deal", input: { canRead: true,
     recordScope: CONDITION, recordCondition: { region: { eq: "EAST" } } }) { applied } }`,
  'mutation { setFieldPermission(role: "rep", object: "deal", field: "amount", canRead: false, canWrite: false) { applied } }',
];

let world: AnalyticsWorld;
let dashboardId = '';
const layout = (x: number, y: number) => ({ x, y, w: 6, h: 4 });
const WIDGETS = [
  {
    id: 'funnel',
    title: 'Deal funnel',
    kind: 'HISTORY_FUNNEL',
    object: 'deal',
    analysis: { kind: 'HISTORY_FUNNEL', field: 'stage', sinceDays: 90 },
    layout: layout(0, 0),
  },
  {
    id: 'cohorts',
    title: 'Cohorts',
    kind: 'COHORT',
    object: 'customer',
    analysis: { kind: 'COHORT', related: { object: 'order', relation: 'customer', date: 'invoiceDate' }, months: 2 },
    layout: layout(6, 0),
  },
  {
    id: 'basket',
    title: 'Bought together',
    kind: 'BASKET',
    object: 'orderLine',
    analysis: { kind: 'BASKET', order: 'purchase', product: 'product', top: 10 },
    layout: layout(0, 4),
  },
  {
    id: 'forecast',
    title: 'Forecast',
    kind: 'FORECAST',
    object: 'deal',
    analysis: { kind: 'FORECAST', amount: 'amount', probability: 'probability', closeDate: 'closeDate' },
    layout: layout(6, 4),
  },
];

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

const DAY = 86_400_000;
/** Sets when the audit rows of deal `id` happened: its creation, and its move into each stage. */
async function timeline(id: string, created: number, moves: Record<string, number>) {
  const { db } = world.server.database.opened;
  await db.query(`update relata.audit_log set "at" = $2 where record_id = $1 and action = 'create'`, [
    id,
    new Date(created),
  ]);
  for (const [stage, at] of Object.entries(moves))
    await db.query(
      `update relata.audit_log set "at" = $3 where record_id = $1 and action = 'update' and "after" ->> 'stage' = $2`,
      [id, stage, new Date(at)],
    );
}

beforeAll(async () => {
  world = await createAnalyticsWorld(EXTRA);
  const deal = async (values: Record<string, unknown>) =>
    (
      await world.data<{ createDeal: { id: string } }>(
        'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }',
        { d: values },
      )
    ).createDeal.id;
  const move = (id: string, stage: string) =>
    world.data('mutation($id: ID!, $s: DealStage!) { updateDeal(id: $id, data: { stage: $s }) { id } }', {
      id,
      s: stage,
    });
  const base = { stage: 'NEW' };
  const d1 = await deal({
    ...base,
    title: 'd1',
    region: 'EAST',
    amount: 1000,
    probability: 100,
    closeDate: '2027-01-15',
  });
  const d2 = await deal({
    ...base,
    title: 'd2',
    region: 'EAST',
    amount: 500,
    probability: 50,
    closeDate: '2027-01-20',
  });
  const d3 = await deal({
    ...base,
    title: 'd3',
    region: 'WEST',
    amount: 200,
    probability: 25,
    closeDate: '2027-02-01',
  });
  const d4 = await deal({ ...base, title: 'd4', region: 'WEST', amount: 300, probability: 0, closeDate: '2027-02-10' });
  const d5 = await deal({ ...base, title: 'd5', region: 'EAST', amount: 400, probability: 10 });
  for (const stage of ['QUALIFIED', 'PROPOSAL', 'WON']) await move(d1, stage);
  await move(d2, 'QUALIFIED');
  await move(d3, 'PROPOSAL');
  await move(d5, 'QUALIFIED');
  const t0 = Date.now() - 30 * DAY;
  await timeline(d1, t0, { QUALIFIED: t0 + 2 * DAY, PROPOSAL: t0 + 5 * DAY, WON: t0 + 6 * DAY });
  await timeline(d2, t0, { QUALIFIED: t0 + 4 * DAY });
  await timeline(d3, t0, { PROPOSAL: t0 + DAY });
  await timeline(d4, t0, {});
  // Before the 90-day period: counts nowhere.
  await timeline(d5, Date.now() - 200 * DAY, { QUALIFIED: Date.now() - 199 * DAY });

  const c = world.customers;
  const invoices: [string | undefined, string][] = [
    [c.c0, '2026-01-05'],
    [c.c0, '2026-02-10'],
    [c.c0, '2026-03-01'],
    [c.c1, '2026-01-20'],
    [c.c1, '2026-03-15'],
    [c.c2, '2026-02-03'],
    [c.c2, '2026-02-25'],
    [c.c2, '2026-03-30'],
    [c.c3, '2026-02-14'],
  ];
  await world.data('mutation($d: [OrderCreateInput!]!) { createOrders(data: $d) { id } }', {
    d: invoices.map(([customerId, invoiceDate]) => ({ customerId, invoiceDate, placedAt: daysAgo(500), total: 1 })),
  });

  const products = await world.data<{ createProducts: { id: string; name: string }[] }>(
    'mutation { createProducts(data: [{ name: "A" }, { name: "B" }, { name: "C" }]) { id name } }',
  );
  const product = Object.fromEntries(products.createProducts.map((p) => [p.name, p.id]));
  const baskets = [['A', 'B', 'C'], ['A', 'B'], ['A', 'C'], ['B']];
  const orders = await world.data<{ createOrders: { id: string }[] }>(
    'mutation($d: [OrderCreateInput!]!) { createOrders(data: $d) { id } }',
    { d: baskets.map(() => ({ total: 1 })) },
  );
  const lines = baskets.flatMap((items, i) =>
    items.map((name) => ({ purchaseId: orders.createOrders[i]?.id, productId: product[name] })),
  );
  await world.data('mutation($d: [OrderLineCreateInput!]!) { createOrderLines(data: $d) { id } }', { d: lines });

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
