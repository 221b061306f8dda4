import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspaceBundleService, RFM_SEGMENTS, readSeedTable, seedDateShift, shiftSeedDate } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { generator, installTemplate, smallTemplate, TEMPLATE_DIR } from './analytical-seed';

// The analytical template (examples/analytical) installed on a small seed from its own generator:
// the models score it at once, its segments, widgets and roles work on it. The seed ends on the
// manifest's seedDatesRelativeTo and the install moves its dates to end today, so the lifecycle
// stages (relative to today) read as they do on the day the full seed was made.

const SCALE = 0.04;
let server: TestServer;
let seedDir = '';
let template: Awaited<ReturnType<typeof smallTemplate>>;
let installed: Awaited<ReturnType<typeof installTemplate>>;
let analystToken = '';

const data = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
  const result = await server.gql<T>(query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result)}`);
  return result.data;
};

beforeAll(async () => {
  seedDir = mkdtempSync(join(tmpdir(), 'analytical-template-'));
  template = await smallTemplate(seedDir, SCALE);
  // A worker, so a scoring run queued by the install would run (and be counted) as it did before.
  server = await startTestServer({ workspace: 'analytical', worker: true });
  await countScoringRuns(server.database.opened.db);
  installed = await installTemplate(server.database.opened.db, server.workspace.id, template.folder);
  const password = 'analyst password long enough';
  const { db } = server.database.opened;
  await createUser(db, { workspace: 'analytical', email: 'analyst@shop.test', password, role: 'analyst' });
  const signedIn = await server.signIn('analyst@shop.test', password, 'analytical');
  analystToken = String(signedIn.body.token);
}, 600_000);
afterAll(async () => {
  await server?.close();
  if (seedDir) rmSync(seedDir, { recursive: true, force: true });
});

/**
 * Counts each model's runs: a run stamps its row's last_run_at (in the install's transaction or
 * from a queued job after it), and this trigger notes every such stamp in a table of the test's.
 */
async function countScoringRuns(db: TestServer['database']['opened']['db']): Promise<void> {
  await db.query('create table public.scoring_runs_seen (model_id uuid not null)');
  await db.query(`create function public.note_scoring_run() returns trigger language plpgsql as $$
    begin insert into public.scoring_runs_seen values (new.id); return new; end $$`);
  await db.query(`create trigger note_scoring_run after update of last_run_at on relata.scoring_models
    for each row execute function public.note_scoring_run()`);
}

describe('seed generator', () => {
  test('regenerating with the default arguments gives the committed files byte for byte', async () => {
    const out = mkdtempSync(join(tmpdir(), 'analytical-full-'));
    try {
      const made = (await generator()).generate({ scale: 1, end: '2026-11-30', out });
      expect(made).toMatchObject({ customers: 5000, orders: 50000, products: 200 });
      const committed = join(TEMPLATE_DIR, 'seed');
      const files = readdirSync(out).sort();
      expect(files).toEqual(
        readdirSync(committed)
          .filter((f) => f.endsWith('.csv.gz'))
          .sort(),
      );
      for (const file of files)
        expect(readFileSync(join(out, file)).equals(readFileSync(join(committed, file))), file).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('install', () => {
  test('each scoring model runs once, after the seed: none over the empty tables, no job after commit', async () => {
    const { db } = server.database.opened;
    const models = await db.query<{ name: string }>(
      'select name from relata.scoring_models where workspace_id = $1 order by name',
      [server.workspace.id],
    );
    expect(models.rows.length).toBeGreaterThan(1);
    const jobs = await db.query<{ n: number }>(
      "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'analytics:scoring-run'",
    );
    expect(jobs.rows[0]?.n).toBe(0);
    const runs = await db.query<{ name: string; runs: number }>(
      `select m.name, count(r.model_id)::int as runs from relata.scoring_models m
       left join public.scoring_runs_seen r on r.model_id = m.id
       where m.workspace_id = $1 group by m.name order by m.name`,
      [server.workspace.id],
    );
    expect(runs.rows).toEqual(models.rows.map(({ name }) => ({ name, runs: 1 })));
  });

  test('every seed row is imported; installing again changes nothing; the bundle plans nothing more', async () => {
    const counts = template.counts;
    expect(installed).toMatchObject({
      applied: true,
      seeded: 10 + counts.products + counts.customers + counts.orders + counts.lines,
    });
    const again = await installTemplate(server.database.opened.db, server.workspace.id, template.folder);
    expect(again).toMatchObject({ applied: false, steps: [], seeded: 0, metadataVersion: installed.metadataVersion });
    const bundles = createWorkspaceBundleService({ db: server.database.opened.db });
    expect((await bundles.plan(server.workspace.id, template.folder.bundle)).steps).toEqual([]);
  });

  test('seed dates move by the days from seedDatesRelativeTo to today: the last order is as recent as on that day', async () => {
    const orders = await readSeedTable(seedDir, 'seed/orders.csv.gz');
    const column = orders.headers.indexOf('orderedOn');
    const written = orders.rows.map((r) => r[column]!).sort();
    const shift = seedDateShift(template.folder.manifest.seedDatesRelativeTo, new Date());
    const latest = await data<{ orders: { edges: { node: { orderedOn: string } }[] } }>(
      '{ orders(first: 1, orderBy: [{ orderedOn: DescNullsLast }]) { edges { node { orderedOn } } } }',
    );
    expect(latest.orders.edges[0]?.node.orderedOn).toBe(shiftSeedDate(written.at(-1)!, shift));
    const earliest = await data<{ orders: { edges: { node: { orderedOn: string } }[] } }>(
      '{ orders(first: 1, orderBy: [{ orderedOn: AscNullsLast }]) { edges { node { orderedOn } } } }',
    );
    expect(earliest.orders.edges[0]?.node.orderedOn).toBe(shiftSeedDate(written[0]!, shift));
  });

  test('the installed workspace exports the template files unchanged (analytical widgets and models included)', async () => {
    const exported = await createWorkspaceBundleService({ db: server.database.opened.db }).exportWorkspace(
      server.workspace.id,
    );
    const byPath = new Map(exported.map((f) => [f.path, f.content]));
    for (const file of template.folder.bundle) expect(byPath.get(file.path), file.path).toBe(file.content);
  });
});

describe('scores and segments on the seed', () => {
  test('the RFM model scores exactly the customers with an order, in quintiles 1-5', async () => {
    const scored = await data<{ customers: { totalCount: number } }>(
      '{ customers(filter: { rfmRecency: { gte: 1 } }) { totalCount } }',
    );
    const buyers = await data<{ customers: { totalCount: number } }>(
      '{ customers(filter: { orders: { total: { gte: 0 } } }) { totalCount } }',
    );
    expect(scored.customers.totalCount).toBe(buyers.customers.totalCount);
    expect(buyers.customers.totalCount).toBeGreaterThan(template.counts.customers / 2);
    const quintiles = await data<{ customersAggregate: { group: { rfmFrequency: number | null }; count: number }[] }>(
      '{ customersAggregate(groupBy: [{ rfmFrequency: true }]) { group { rfmFrequency } count } }',
    );
    expect(quintiles.customersAggregate.map((g) => g.group.rfmFrequency).sort()).toEqual([1, 2, 3, 4, 5, null]);
  });

  test('each RFM segment of the template has members, and together they hold every scored customer', async () => {
    const segments = await data<{ segments: { name: string; memberCount: number }[] }>(
      '{ segments { name memberCount } }',
    );
    const byName = new Map(segments.segments.map((s) => [s.name, s.memberCount]));
    for (const name of ['champions', 'loyal', 'newCustomers', 'needAttention', 'atRisk', 'hibernating'])
      expect(byName.get(name), name).toBeGreaterThan(0);
    const classes = await data<{ customersAggregate: { group: { rfmSegment: string | null }; count: number }[] }>(
      '{ customersAggregate(groupBy: [{ rfmSegment: true }]) { group { rfmSegment } count } }',
    );
    const known = new Set(RFM_SEGMENTS.map((s) => s.value));
    for (const g of classes.customersAggregate)
      if (g.group.rfmSegment) expect(known.has(g.group.rfmSegment)).toBe(true);
  });

  test('lifecycle: leads are the customers without a paid order; buyers are new, active, at risk or churned', async () => {
    const stages = await data<{ customersAggregate: { group: { lifecycleStage: string | null }; count: number }[] }>(
      '{ customersAggregate(groupBy: [{ lifecycleStage: true }]) { group { lifecycleStage } count } }',
    );
    const byStage = Object.fromEntries(
      stages.customersAggregate.map((g) => [g.group.lifecycleStage ?? 'none', g.count]),
    );
    const noPaid = await data<{ customers: { totalCount: number } }>(
      '{ customers(filter: { paidOrders: { eq: 0 } }) { totalCount } }',
    );
    expect(byStage.LEAD).toBe(noPaid.customers.totalCount);
    expect(byStage.none).toBeUndefined();
    for (const stage of ['NEW', 'ACTIVE', 'AT_RISK', 'CHURNED']) expect(byStage[stage], stage).toBeGreaterThan(0);
  });
});

interface Widget {
  id: string;
  state: string;
  analysis: Record<string, unknown> | null;
  points: { label: string | null; value: number | null }[] | null;
}
async function widgets(name: string, token?: string): Promise<Map<string, Widget>> {
  const list = await data<{ dashboards: { id: string; name: string }[] }>('{ dashboards { id name } }', {}, token);
  const id = list.dashboards.find((d) => d.name === name)?.id;
  const shown = await data<{ dashboard: { widgets: Widget[] } }>(
    'query($id: ID!) { dashboard(id: $id) { widgets { id state analysis points { label value } } } }',
    { id },
    token,
  );
  return new Map(shown.dashboard.widgets.map((w) => [w.id, w]));
}

describe('dashboards on the seed', () => {
  test('cohorts decay, the forecast has open months, and an affinity pair of the generator tops the basket', async () => {
    const customers = await widgets('customers');
    const cohorts = customers.get('cohorts')?.analysis as { cohorts: { size: number; retention: number[] }[] };
    expect(cohorts.cohorts.length).toBeGreaterThan(6);
    const mean = (k: number) => {
      const rows = cohorts.cohorts.filter((c) => c.retention.length > k && c.size > 0);
      return rows.reduce((s, c) => s + (c.retention[k] ?? 0), 0) / rows.length;
    };
    expect(mean(0)).toBe(1);
    expect(mean(1)).toBeGreaterThan(mean(6));
    const funnel = customers.get('lifecycle-funnel')?.analysis as { steps: { reached: number }[] };
    expect(funnel.steps.length).toBe(5);
    expect(funnel.steps[0]?.reached).toBeGreaterThan(0);
    for (const id of ['customers', 'rfm', 'lifecycle', 'tiers', 'signups'])
      expect(customers.get(id)?.points?.length, id).toBeGreaterThan(0);

    const sales = await widgets('sales');
    const forecast = sales.get('forecast')?.analysis as {
      months: { month: string; weighted: number; worst: number }[];
    };
    const now = new Date().toISOString().slice(0, 7);
    const ahead = forecast.months.filter((m) => m.month > now);
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.every((m) => m.weighted > m.worst)).toBe(true);
    const basket = sales.get('basket')?.analysis as {
      pairs: { a: { label: string }; b: { label: string }; lift: number }[];
    };
    const top = basket.pairs[0];
    const affinities = (await generator()).AFFINITIES.map(([a, b]) => [a, b].sort().join(' + '));
    expect(affinities).toContain([top?.a.label, top?.b.label].sort().join(' + '));
    expect(top?.lift).toBeGreaterThan(2);
    for (const id of ['revenue30', 'orders30', 'revenue-by-month', 'by-channel', 'by-status'])
      expect(sales.get(id)?.points?.length, id).toBeGreaterThan(0);
  });
});

describe('roles', () => {
  test('the analyst reads the dashboards and the data behind them, and can change neither', async () => {
    const sales = await widgets('sales', analystToken);
    expect([...sales.values()].every((w) => w.state === 'OK')).toBe(true);
    const list = await data<{ dashboards: { id: string; name: string }[] }>('{ dashboards { id name } }');
    const id = list.dashboards.find((d) => d.name === 'sales')?.id;
    const edit = await server.metadataGql(
      'mutation($id: ID!) { updateDashboard(id: $id, input: { label: "Mine now" }) { id } }',
      { id },
      analystToken,
    );
    expect(edit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const customer = await data<{ customers: { edges: { node: { id: string } }[] } }>(
      '{ customers(first: 1) { edges { node { id } } } }',
      {},
      analystToken,
    );
    const write = await server.gql(
      'mutation($id: ID!) { updateCustomer(id: $id, data: { city: "Nowhere" }) { id } }',
      { id: customer.customers.edges[0]?.node.id },
      analystToken,
    );
    expect(write.errors?.length).toBeGreaterThan(0);
  });
});
