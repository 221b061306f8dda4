import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, type HttpSecurityKit } from '../security/http-kit';

// Dashboards through the real server: defined on /metadata, every number computed on /graphql by
// the viewer's own aggregate query, so two roles see different totals and hidden fields give nothing.

let kit: HttpSecurityKit;
let dashboardId = '';
let goldSegment = '';

const layout = (x: number) => ({ x, y: 0, w: 4, h: 3 });
const WIDGETS = [
  { id: 'deals', title: 'Deals', kind: 'NUMBER', object: 'deal', measure: { function: 'COUNT' }, layout: layout(0) },
  {
    id: 'tiers',
    title: 'Accounts by tier',
    kind: 'BAR',
    object: 'account',
    measure: { function: 'COUNT' },
    groupBy: { field: 'tier' },
    layout: layout(4),
  },
  {
    id: 'worth',
    title: 'Worth by tier',
    kind: 'PIE',
    object: 'account',
    measure: { function: 'SUM', field: 'revenue' },
    groupBy: { field: 'tier' },
    layout: layout(8),
  },
  {
    id: 'names',
    title: 'Accounts by name',
    kind: 'TABLE',
    object: 'account',
    measure: { function: 'COUNT' },
    groupBy: { field: 'name' },
    filter: { tier: { in: ['GOLD', 'SILVER', 'BRONZE'] } },
    layout: layout(0),
  },
  {
    id: 'funnel',
    title: 'Revenue funnel',
    kind: 'FUNNEL',
    object: 'account',
    measure: { function: 'SUM', field: 'revenue' },
    groupBy: { field: 'tier' },
    layout: layout(8),
  },
  {
    id: 'monthly',
    title: 'Deal amounts by month',
    kind: 'LINE',
    object: 'deal',
    measure: { function: 'SUM', field: 'amount' },
    groupBy: { field: 'createdAt', bucket: 'month' },
    layout: layout(4),
  },
];

interface Widget {
  id: string;
  state: string;
  problem: string | null;
  definition: Record<string, unknown> | null;
  points: { key: unknown; label: string; value: number | null; conversion: number | null }[] | null;
}

async function widgetsAs(token: string, segment: string | null = null): Promise<Record<string, Widget>> {
  const result = await kit.server.gql<{ dashboard: { widgets: Widget[] } }>(
    'query($id: ID!, $s: ID) { dashboard(id: $id) { widgets(segment: $s) { id state problem definition points { key label value conversion } } } }',
    { id: dashboardId, s: segment },
    token,
  );
  return Object.fromEntries(dataOf(result, 'dashboard').dashboard.widgets.map((w) => [w.id, w]));
}

const byLabel = (w: Widget | undefined) => Object.fromEntries((w?.points ?? []).map((p) => [p.label, p.value]));

beforeAll(async () => {
  kit = await createHttpSecurityKit();
  const created = await kit.server.metadataGql<{ createDashboard: { id: string } }>(
    'mutation($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }',
    { input: { name: 'sales', label: 'Sales', widgets: WIDGETS } },
  );
  dashboardId = dataOf(created, 'dashboard').createDashboard.id;
  const segment = await kit.server.metadataGql<{ createSegment: { id: string } }>(
    'mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }',
    { input: { object: 'account', name: 'gold', label: 'Gold', filter: { tier: { eq: 'GOLD' } } } },
  );
  goldSegment = dataOf(segment, 'segment').createSegment.id;
});
afterAll(() => kit?.close());

describe('dashboards', () => {
  test('two roles see different totals on the same dashboard', async () => {
    const admin = await widgetsAs(kit.server.adminToken);
    const agent = await widgetsAs(kit.agent.token);
    expect(admin.deals?.points).toEqual([{ key: null, label: 'Deals', value: 2, conversion: null }]);
    expect(agent.deals?.points).toEqual([{ key: null, label: 'Deals', value: 1, conversion: null }]);
    // Select groups come in the options' order, with their labels.
    expect(admin.tiers?.points?.map((p) => [p.label, p.value])).toEqual([
      ['Gold', 1],
      ['Silver', 1],
      ['Bronze', 1],
    ]);
    expect(byLabel(agent.tiers)).toEqual({ Gold: 1, Silver: 1 });
    expect(byLabel(admin.monthly)).toEqual({ [String(admin.monthly?.points?.[0]?.key)]: 5000 });
    expect(agent.monthly?.points?.map((p) => p.value)).toEqual([null]);
  });

  test('a widget over a field the viewer cannot read is RESTRICTED and aggregates nothing', async () => {
    const admin = await widgetsAs(kit.server.adminToken);
    expect(byLabel(admin.worth)).toEqual({ Gold: 1000, Silver: 300, Bronze: 20 });
    // A funnel's steps in the stage field's order, each converted from the one before (by hand: 300/1000, 20/300).
    expect(admin.funnel?.points?.map((p) => [p.label, p.value, p.conversion])).toEqual([
      ['Gold', 1000, null],
      ['Silver', 300, 0.3],
      ['Bronze', 20, 20 / 300],
    ]);
    const raw = await kit.server.gql(
      'query($id: ID!) { dashboard(id: $id) { widgets { id state problem definition points { label value } } } }',
      { id: dashboardId },
      kit.agent.token,
    );
    const worth = (raw.data as { dashboard: { widgets: Widget[] } }).dashboard.widgets.find((w) => w.id === 'worth');
    expect(worth).toMatchObject({ state: 'RESTRICTED', definition: null, points: null });
    expect(JSON.stringify(raw)).not.toContain('revenue');
    expect(JSON.stringify(raw)).not.toContain('1000');
  });

  test('a segment narrows the widgets over its object, and the data exports as CSV safely', async () => {
    const narrowed = await widgetsAs(kit.server.adminToken, goldSegment);
    expect(byLabel(narrowed.tiers)).toEqual({ Gold: 1 });
    expect(narrowed.deals?.points?.[0]?.value).toBe(2);

    await kit.adminData(
      'mutation { createAccount(data: { name: "=HYPERLINK(\\"http://x\\")", tier: BRONZE }) { id } }',
    );
    const response = await fetch(`${kit.server.url}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kit.server.adminToken}` },
      body: JSON.stringify({ format: 'csv', dashboard: dashboardId, widget: 'names' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="accounts-by-name-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('name,count');
    expect(lines).toContain('"\'=HYPERLINK(""http://x"")",1');
    expect(lines).toContain('Acme,1');

    const refused = await fetch(`${kit.server.url}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kit.agent.token}` },
      body: JSON.stringify({ format: 'csv', dashboard: dashboardId, widget: 'worth' }),
    });
    expect(refused.status).toBe(403);
  });

  test('one statement answers every widget with the numbers of its own data API aggregate, per role', async () => {
    // Two objects, shared and distinct filters and groupings, a relation and a date bucket, a KPI
    // comparing periods: each widget must equal its aggregate query read alone (the path before).
    interface Mixed {
      id: string;
      title: string;
      kind: string;
      object: 'deal' | 'account';
      measure?: { function: string; field?: string };
      groupBy?: { field: string; bucket?: string };
      filter?: Record<string, unknown>;
      compare?: { field: string; days: number };
    }
    const mixed = (<Mixed[]>[
      { id: 'kpi', title: 'Deals', kind: 'NUMBER', object: 'deal', compare: { field: 'createdAt', days: 30 } },
      { id: 'gold', title: 'Gold', kind: 'NUMBER', object: 'account', filter: { tier: { eq: 'GOLD' } } },
      { id: 'tier', title: 'Tier', kind: 'BAR', object: 'account', groupBy: { field: 'tier' } },
      {
        id: 'upper',
        title: 'Upper tiers',
        kind: 'PIE',
        object: 'account',
        groupBy: { field: 'tier' },
        filter: { tier: { in: ['GOLD', 'SILVER'] } },
      },
      { id: 'by-account', title: 'By account', kind: 'TABLE', object: 'deal', groupBy: { field: 'accountId' } },
      {
        id: 'biggest',
        title: 'Biggest',
        kind: 'LINE',
        object: 'deal',
        measure: { function: 'MAX', field: 'amount' },
        groupBy: { field: 'createdAt', bucket: 'day' },
      },
      {
        id: 'none',
        title: 'None',
        kind: 'BAR',
        object: 'deal',
        groupBy: { field: 'title' },
        filter: { title: { eq: '-' } },
      },
    ]).map((w, i) => ({ ...w, measure: w.measure ?? { function: 'COUNT' }, layout: layout((i % 3) * 4) }));
    const created = await kit.server.metadataGql<{ createDashboard: { id: string } }>(
      'mutation($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }',
      { input: { name: 'mixed', label: 'Mixed', widgets: mixed } },
    );
    const id = dataOf(created, 'mixed dashboard').createDashboard.id;
    for (const token of [kit.server.adminToken, kit.agent.token]) {
      const shown = await kit.server.gql<{
        dashboard: {
          widgets: { id: string; points: { key: unknown; value: number | null; previous: number | null }[] }[];
        };
      }>('query($id: ID!) { dashboard(id: $id) { widgets { id points { key value previous } } } }', { id }, token);
      const points = Object.fromEntries(dataOf(shown, 'mixed').dashboard.widgets.map((w) => [w.id, w.points]));
      for (const w of mixed.filter((m) => m.id !== 'kpi')) {
        const plural = `${w.object}sAggregate`;
        const group = w.groupBy ? `, groupBy: [{ ${w.groupBy.field}: ${w.groupBy.bucket ?? 'true'} }]` : '';
        const measure = w.measure.function === 'COUNT' ? 'count' : `max { ${w.measure.field} }`;
        const answer = await kit.server.gql<Record<string, Record<string, unknown>[]>>(
          `query($f: ${w.object === 'deal' ? 'Deal' : 'Account'}Filter) { ${plural}(filter: $f${group}) { ${w.groupBy ? `group { ${w.groupBy.field} }` : ''} ${measure} } }`,
          { f: w.filter ?? null },
          token,
        );
        const rows = dataOf(answer, w.id)[plural] ?? [];
        const expected = rows.map((r) => [
          w.groupBy ? (r.group as Record<string, unknown>)[w.groupBy.field] : null,
          w.measure.function === 'COUNT' ? r.count : (r.max as Record<string, unknown>)[w.measure.field ?? ''],
        ]);
        const got = (points[w.id] ?? []).map((p) => [p.key, p.value]);
        const order = (pairs: unknown[][]) => pairs.map((p) => JSON.stringify(p)).sort();
        expect(order(got), `${w.id} as ${token === kit.agent.token ? 'agent' : 'admin'}`).toEqual(order(expected));
      }
      // Both deals (admin) or the agent's own were created just now: all in this period, none before.
      const own = token === kit.agent.token ? 1 : 2;
      expect(points.kpi).toEqual([{ key: null, value: own, previous: 0 }]);
    }
  });

  test('widgets are checked against the object when saved', async () => {
    const bad = await kit.server.metadataGql(
      'mutation($id: ID!, $input: UpdateDashboardInput!) { updateDashboard(id: $id, input: $input) { id } }',
      { id: dashboardId, input: { widgets: [{ ...WIDGETS[0], measure: { function: 'SUM', field: 'title' } }] } },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.widgets[0].measure.field',
    });
    const ungrouped = await kit.server.metadataGql(
      'mutation($id: ID!, $input: UpdateDashboardInput!) { updateDashboard(id: $id, input: $input) { id } }',
      { id: dashboardId, input: { widgets: [{ ...WIDGETS[1], groupBy: null }] } },
    );
    expect(ungrouped.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.widgets[0].groupBy',
    });
  });

  test('a renamed field carries through; a deleted one turns the widget BROKEN', async () => {
    const meta = (q: string) => kit.server.metadataGql(q).then((r) => dataOf(r, q));
    await meta('mutation { updateField(object: "account", name: "tier", input: { name: "level" }) { applied } }');
    const renamed = await widgetsAs(kit.server.adminToken);
    expect(renamed.tiers).toMatchObject({ state: 'OK', definition: { groupBy: { field: 'level' } } });
    await meta('mutation { deleteField(object: "deal", name: "amount") { applied } }');
    const broken = await widgetsAs(kit.server.adminToken);
    expect(broken.monthly).toMatchObject({ state: 'BROKEN', points: null });
  });
});
