/**
 * The operational CRM template (examples/operational) installed into a workspace of a running
 * Relata (worker on): it installs, installing again changes nothing, its export is its bundle,
 * and on its seed data the dashboards show the figures the CSVs give, the web form assigns leads
 * round robin, a stage change gives the owner a follow-up task, an overdue case escalates, and
 * the roles see what a commercial CRM would let them see.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { until } from '../workflows/workflow-trigger-support';
import {
  dataOf,
  exportBundle,
  type Installed,
  installOperational,
  planBundle,
  readBundle,
  readManifest,
  readSeed,
} from './operational-kit';
import { expectedSales, expectedService, type Points, type Widget } from './operational-figures';

let server: TestServer;
let packs: string;
let installed: Installed;
const PASSWORD = 'correct horse battery staple';
const reps: { id: string; email: string }[] = [];
let agent: { id: string; email: string };

beforeAll(async () => {
  // The schedule ticker is slowed to never fire: the test runs the SLA sweep itself, at a chosen time.
  server = await startTestServer({ workspace: 'operational', activities: true, worker: true, schedules: { tickMs: 3_600_000 } });
  packs = await mkdtemp(join(tmpdir(), 'relata-ops-packs-'));
  installed = await installOperational(server, packs, true);
  const { db } = server.database.opened;
  for (const name of ['rita', 'sam', 'tom']) {
    const user = await createUser(db, { workspace: 'operational', email: `${name}@ops.test`, password: PASSWORD, role: 'sales-rep' });
    reps.push({ id: user.id, email: user.email });
  }
  const created = await createUser(db, { workspace: 'operational', email: 'ada@ops.test', password: PASSWORD, role: 'support-agent' });
  agent = { id: created.id, email: created.email };
}, 240_000);
afterAll(async () => {
  await server?.close();
  if (packs) await rm(packs, { recursive: true, force: true });
});

const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
  dataOf(await server.gql<T>(query, variables, token), query.slice(0, 60));
const tokenOf = async (email: string) => {
  const { body } = await server.signIn(email, PASSWORD);
  if (typeof body.token !== 'string') throw new Error(`sign-in of ${email} failed`);
  return body.token;
};
/** totalCount of `plural` (its filter type named after `singular`) as the token's user sees it. */
const count = async (plural: string, filter: Record<string, unknown> = {}, token?: string) => {
  const singular = plural === 'opportunities' ? 'Opportunity' : `${plural[0]!.toUpperCase()}${plural.slice(1, -1)}`;
  const data = await gql<Record<string, { totalCount: number }>>(
    `query($f: ${singular}Filter) { ${plural}(filter: $f) { totalCount } }`,
    { f: filter },
    token,
  );
  return data[plural]!.totalCount;
};

describe('installing the operational template', () => {
  test('every seed row is loaded, with its relations matched', async () => {
    const manifest = await readManifest();
    for (const entry of manifest.seed) {
      expect(installed.seeded[entry.file], entry.file).toBe((await readSeed(entry.file)).length);
    }
    expect(await count('accounts')).toBe(60);
    expect(await count('contacts', { account: { id: { isNull: false } } })).toBe(150);
    expect(await count('opportunities', { account: { id: { isNull: false } } })).toBe(90);
    // The quote total is the roll-up of its lines' formula (quantity x price less the discount).
    const lines = await readSeed('seed/quote-lines.csv');
    const first = lines[0]!.quote!;
    const expected = lines
      .filter((l) => l.quote === first)
      .reduce((sum, l) => sum + Math.round(Number(l.quantity) * Number(l.unitPrice) * (100 - Number(l.discount))) / 100, 0);
    const { quotes } = await gql<{ quotes: { edges: { node: { total: number; lineCount: number } }[] } }>(
      'query($n: String!) { quotes(filter: { number: { eq: $n } }) { edges { node { total lineCount } } } }',
      { n: first },
    );
    expect(Number(quotes.edges[0]!.node.total)).toBeCloseTo(expected, 2);
    expect(quotes.edges[0]!.node.lineCount).toBe(lines.filter((l) => l.quote === first).length);
  });

  test('the SLA timer is installed from plugins/ and configured by the bundle', async () => {
    const { plugins } = dataOf(
      await server.metadataGql<{ plugins: { name: string; enabled: boolean; settings: Record<string, number> }[] }>(
        '{ plugins { name enabled settings } }',
      ),
      'plugins',
    );
    expect(plugins).toEqual([
      { name: 'sla-timer', enabled: true, settings: { urgentHours: 4, highHours: 8, normalHours: 24, lowHours: 72 } },
    ]);
    // The bundle pins the package the repository builds: a changed plugin must be re-exported.
    const pinned = (await readBundle()).find((f) => f.path === 'plugins/sla-timer.yaml')!.content;
    expect(pinned).toContain(`integrity: ${installed.integrity['sla-timer']}\n`);
  });

  test('its export is its bundle, file for file (the workspace settings are the admin’s own)', async () => {
    const exported = (await exportBundle(server)).filter((f) => f.path !== 'settings/workspace.yaml');
    expect(exported).toEqual(await readBundle());
  });

  test('installing it again changes nothing', async () => {
    expect((await planBundle(server, await readBundle())).steps).toEqual([]);
    const again = await installOperational(server, packs, false);
    expect(again).toEqual({ integrity: {}, seeded: {} });
    expect((await exportBundle(server)).filter((f) => f.path !== 'settings/workspace.yaml')).toEqual(
      await readBundle(),
    );
    expect(await count('accounts')).toBe(60);
  });
});

async function widgets(name: string, token?: string): Promise<Record<string, Widget>> {
  const { dashboards } = await gql<{ dashboards: { name: string; widgets: Widget[] }[] }>(
    '{ dashboards { name widgets { id state problem points { key label value } } } }',
    {},
    token,
  );
  const dashboard = dashboards.find((d) => d.name === name);
  if (!dashboard) throw new Error(`no dashboard ${name}`);
  return Object.fromEntries(dashboard.widgets.map((w) => [w.id, w]));
}

/** The widgets show exactly the expected keys, each value equal to 6 decimals. */
function expectPoints(shown: Record<string, Widget>, expected: Record<string, Points>) {
  for (const [id, points] of Object.entries(expected)) {
    expect(shown[id]?.problem ?? null, id).toBeNull();
    expect(shown[id]!.state, id).toBe('OK');
    const got = shown[id]!.points!.map((p): [string, number] => [String(p.key ?? ''), Number(p.value)]);
    got.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(got.map(([key]) => key), id).toEqual(points.map(([key]) => key));
    got.forEach(([key, value], i) => expect(value, `${id} ${key}`).toBeCloseTo(points[i]![1], 6));
  }
}

describe('dashboards on the seed data', () => {
  test('sales: won this quarter, open and weighted pipeline, pipeline by stage, forecast by month', async () => {
    const opportunities = await readSeed('seed/opportunities.csv');
    expectPoints(await widgets('sales'), expectedSales(opportunities, await readSeed('seed/leads.csv'), new Date()));
  });

  test('service: open cases, SLA breaches, resolution time, open cases by priority', async () => {
    expectPoints(await widgets('service'), expectedService(await readSeed('seed/cases.csv'), new Date()));
  });
});
