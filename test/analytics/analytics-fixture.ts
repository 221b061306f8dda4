import { type AnalyticsWorld, daysAgo } from './analytics-world';

// The analytical widgets' data on top of analytics-world, shared by the integration test (which
// checks each number by hand) and the e2e test (which sees them drawn):
// deals d1-d5 moving through stages at set times, invoices of c0-c3 in Jan-Mar 2026, and four
// baskets of products A, B, C. Role `rep` reads EAST deals without their amount, no order lines.

export const WIDGET_MODEL = [
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

const layout = (x: number, y: number) => ({ x, y, w: 6, h: 4 });
export const WIDGETS = [
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
  {
    id: 'orders',
    title: 'Orders, last 30 days',
    kind: 'NUMBER',
    object: 'order',
    measure: { function: 'COUNT' },
    compare: { field: 'placedAt', days: 30 },
    layout: { x: 0, y: 8, w: 3, h: 2 },
  },
];

const DAY = 86_400_000;
/** Sets when the audit rows of deal `id` happened: its creation, and its move into each stage. */
async function timeline(world: AnalyticsWorld, id: string, created: number, moves: Record<string, number>) {
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

/** Writes the widgets' data into `world` (built with WIDGET_MODEL). */
export async function seedWidgetData(world: AnalyticsWorld): Promise<void> {
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
  await timeline(world, d1, t0, { QUALIFIED: t0 + 2 * DAY, PROPOSAL: t0 + 5 * DAY, WON: t0 + 6 * DAY });
  await timeline(world, d2, t0, { QUALIFIED: t0 + 4 * DAY });
  await timeline(world, d3, t0, { PROPOSAL: t0 + DAY });
  await timeline(world, d4, t0, {});
  // Before the 90-day period: counts nowhere.
  await timeline(world, d5, Date.now() - 200 * DAY, { QUALIFIED: Date.now() - 199 * DAY });

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
}
