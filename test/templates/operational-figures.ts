/**
 * What the operational template's dashboards must show, computed from its seed CSVs alone (in
 * plain code, not SQL), at the moment `now`: the widgets' points as [key, value], sorted by key;
 * and what they do show.
 */
import { expect } from 'vitest';
import type { OperationalServer } from './operational-server';

export interface Widget {
  id: string;
  state: string;
  problem: string | null;
  points: { key: unknown; label: string; value: number | null }[] | null;
}

type Row = Record<string, string>;
export type Points = [string, number][];

const CLOSED = new Set(['CLOSED_WON', 'CLOSED_LOST']);
const PROBABILITY: Record<string, number> = {
  PROSPECTING: 10,
  QUALIFICATION: 25,
  PROPOSAL: 50,
  NEGOTIATION: 75,
  CLOSED_WON: 100,
  CLOSED_LOST: 0,
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Groups rows by `keyOf` and measures each group; sorted by key. */
function grouped(rows: Row[], keyOf: (r: Row) => string, measure: (rows: Row[]) => number): Points {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return [...groups].map(([key, members]): [string, number] => [key, measure(members)]).sort(byKey);
}

const quarterOf = (date: Date) => `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;

export function expectedSales(opportunities: Row[], leads: Row[], now: Date): Record<string, Points> {
  const amount = (r: Row) => Number(r.amount);
  const weighted = (r: Row) => (amount(r) * (PROBABILITY[r.stage!] ?? 0)) / 100;
  const open = opportunities.filter((r) => !CLOSED.has(r.stage!));
  const wonNow = opportunities.filter(
    (r) => r.stage === 'CLOSED_WON' && quarterOf(new Date(`${r.closeDate}T00:00:00Z`)) === quarterOf(now),
  );
  return {
    'won-this-quarter': [['', sum(wonNow.map(amount))]],
    'open-pipeline': [['', sum(open.map(amount))]],
    'weighted-pipeline': [['', sum(open.map(weighted))]],
    'new-leads': [['', leads.filter((l) => l.status === 'NEW' || l.status === 'WORKING').length]],
    'pipeline-by-stage': grouped(
      open,
      (r) => r.stage!,
      (g) => sum(g.map(amount)),
    ),
    // Month buckets are keyed by their first day.
    forecast: grouped(
      open,
      (r) => `${r.closeDate!.slice(0, 7)}-01`,
      (g) => sum(g.map(weighted)),
    ),
    'leads-by-source': grouped(
      leads,
      (r) => r.source!,
      (g) => g.length,
    ),
  };
}

const DAY_MS = 86_400_000;
/** Whole days between the UTC dates of two instants, as the `daysBetween` formula counts them. */
const daysBetween = (from: string, to: string) =>
  (Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / DAY_MS;

export function expectedService(cases: Row[], now: Date): Record<string, Points> {
  const isOpen = (r: Row) => r.status !== 'RESOLVED' && r.status !== 'CLOSED';
  const breached = (r: Row) => Date.parse(r.dueBy!) < (r.resolvedAt ? Date.parse(r.resolvedAt) : now.getTime());
  const open = cases.filter(isOpen);
  const done = cases.filter((r) => !isOpen(r));
  const avgDays = (rows: Row[]) => sum(rows.map((r) => daysBetween(r.openedAt!, r.resolvedAt!))) / rows.length;
  return {
    'open-cases': [['', open.length]],
    'sla-breaches': [['', open.filter(breached).length]],
    'resolved-late': [['', done.filter(breached).length]],
    'resolution-time': [['', avgDays(done)]],
    'open-by-priority': grouped(
      open,
      (r) => r.priority!,
      (g) => g.length,
    ),
    'resolution-by-priority': grouped(done, (r) => r.priority!, avgDays),
  };
}

/** The widgets of the shared dashboard `name`, by id, as `token`'s user sees them. */
export async function dashboardWidgets(ops: OperationalServer, name: string, token?: string) {
  const { dashboards } = await ops.gql<{ dashboards: { name: string; widgets: Widget[] }[] }>(
    '{ dashboards { name widgets { id state problem points { key label value } } } }',
    {},
    token,
  );
  const dashboard = dashboards.find((d) => d.name === name);
  if (!dashboard) throw new Error(`no dashboard ${name}`);
  return Object.fromEntries(dashboard.widgets.map((w) => [w.id, w]));
}

/** The widgets show exactly the expected keys, each value equal to 6 decimals. */
export function expectPoints(shown: Record<string, Widget>, expected: Record<string, Points>) {
  for (const [id, points] of Object.entries(expected)) {
    expect(shown[id]?.problem ?? null, id).toBeNull();
    expect(shown[id]!.state, id).toBe('OK');
    const got = shown[id]!.points!.map((p): [string, number] => [String(p.key ?? ''), Number(p.value)]);
    got.sort(byKey);
    expect(
      got.map(([key]) => key),
      id,
    ).toEqual(points.map(([key]) => key));
    for (const [i, [key, value]] of got.entries()) expect(value, `${id} ${key}`).toBeCloseTo(points[i]![1], 6);
  }
}
