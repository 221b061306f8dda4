import { qualify } from '@relata/core';
import { postJson } from '../load';
import { alternateMedians } from '../percentile';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const METRIC =
  '12d. 6-widget sales dashboard over the bench data (every widget computed): p50 ms (sequential), statements';
const TARGET = '>= 0.8 of hand-written SQL (< 300 ms quiet), <= 1 statement per widget';
const RUNS = 20;

const layout = (i: number) => ({ x: (i % 3) * 4, y: Math.floor(i / 3) * 4, w: 4, h: 4 });
const WIDGETS = [
  {
    id: 'won',
    title: 'Won',
    kind: 'NUMBER',
    object: 'opportunity',
    measure: { function: 'SUM', field: 'amount' },
    filter: { stage: { eq: 'WON' } },
    compare: { field: 'closeDate', days: 90 },
  },
  { id: 'by-stage', title: 'By stage', kind: 'BAR', object: 'opportunity', groupBy: { field: 'stage' } },
  {
    id: 'monthly',
    title: 'Amount by close month',
    kind: 'LINE',
    object: 'opportunity',
    measure: { function: 'SUM', field: 'amount' },
    groupBy: { field: 'closeDate', bucket: 'month' },
  },
  {
    id: 'open-share',
    title: 'Open pipeline',
    kind: 'PIE',
    object: 'opportunity',
    measure: { function: 'SUM', field: 'amount' },
    groupBy: { field: 'stage' },
    filter: { stage: { in: ['NEW', 'QUALIFIED', 'PROPOSAL'] } },
  },
  { id: 'funnel', title: 'Funnel', kind: 'FUNNEL', object: 'opportunity', groupBy: { field: 'stage' } },
  {
    id: 'avg-stage',
    title: 'Average deal by stage',
    kind: 'TABLE',
    object: 'opportunity',
    measure: { function: 'AVG', field: 'amount' },
    groupBy: { field: 'stage' },
  },
].map((widget, i) => ({ ...widget, layout: layout(i) }));

const CREATE = /* GraphQL */ `
  mutation Dashboard($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }
`;
const READ = /* GraphQL */ `
  query Sales($id: ID!) { dashboard(id: $id) { widgets { id state points { key label value } } } }
`;
const SHELL = /* GraphQL */ `
  query Shell($id: ID!) { dashboard(id: $id) { widgets { id state } } }
`;

interface DashboardAnswer {
  data?: { dashboard?: { widgets: { id: string; state: string; points?: unknown[] | null }[] } };
  errors?: unknown;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The same six widgets as a developer would write them by hand: one statement per widget (the
 * KPI's two periods in one with FILTER), run together on the pool. Answers the by-stage counts
 * (checked against Relata's) once run.
 */
function handWritten(ctx: BenchContext) {
  const table = qualify(ctx.crm.snapshot.schemaName, 'opportunities');
  const live = `from ${table} o where o."deleted_at" is null`;
  const now = Date.now();
  const [today, cut, start] = [isoDay(now), isoDay(now - 90 * DAY_MS), isoDay(now - 180 * DAY_MS)];
  const statements: [string, unknown[]][] = [
    [
      `select sum(o."amount_amount") filter (where o."close_date" > $2 and o."close_date" <= $1) as now,
              sum(o."amount_amount") filter (where o."close_date" > $3 and o."close_date" <= $2) as before
         ${live} and o."stage" = 'WON'`,
      [today, cut, start],
    ],
    [`select o."stage", count(*) ${live} group by 1 order by 1`, []],
    [`select date_trunc('month', o."close_date")::date, sum(o."amount_amount") ${live} group by 1 order by 1`, []],
    [
      `select o."stage", sum(o."amount_amount") ${live} and o."stage" = any($1) group by 1 order by 1`,
      [['NEW', 'QUALIFIED', 'PROPOSAL']],
    ],
    [`select o."stage", count(*) ${live} group by 1 order by 1`, []],
    [`select o."stage", avg(o."amount_amount") ${live} group by 1 order by 1`, []],
  ];
  const counts = (rows: unknown[]) =>
    Object.fromEntries((rows as { stage: string; count: string }[]).map((r) => [r.stage, Number(r.count)]));
  return {
    /** One after another on one connection, as Relata's one statement runs. */
    async sequential(): Promise<Record<string, number>> {
      const answers = [];
      for (const [text, params] of statements) answers.push(await ctx.db.query(text, params));
      return counts(answers[1]?.rows ?? []);
    },
    /** All six at once on the pool (six backends on the machine's two cores). */
    async parallel(): Promise<Record<string, number>> {
      const answers = await Promise.all(statements.map(([text, params]) => ctx.db.query(text, params)));
      return counts(answers[1]?.rows ?? []);
    },
  };
}

/**
 * Issue 12's dashboard row: a sales dashboard of six aggregate widgets (KPI with comparison, bar,
 * monthly line, pie, funnel, table) over the bench's 50k opportunities, read through POST /graphql
 * with every widget's points, against the same widgets written by hand in SQL on the pool (no
 * HTTP: pessimistic for Relata), timed alternately. Statements for the widgets: those of the full
 * read minus those of the same dashboard read without points (auth, the dashboard row).
 */
export async function salesDashboard(ctx: BenchContext): Promise<void> {
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(METRIC, TARGET, 'Relata server did not start'));
    return;
  }
  const relata = ctx.relata;
  try {
    const headers = await relata.headers(ctx.crm.slug);
    const created = (await postJson({
      url: relata.metadataUrl,
      headers,
      body: JSON.stringify({
        query: CREATE,
        variables: { input: { name: 'benchSales', label: 'Sales', widgets: WIDGETS } },
      }),
    })) as { data?: { createDashboard?: { id: string } }; errors?: unknown };
    const id = created.data?.createDashboard?.id;
    if (!id) throw new Error(`createDashboard failed: ${JSON.stringify(created).slice(0, 300)}`);
    const request = (query: string) => ({
      url: relata.graphqlUrl,
      headers,
      body: JSON.stringify({ query, variables: { id } }),
    });
    const statements = async (query: string) => {
      await postJson(request(query));
      const before = relata.counter.count;
      const answer = (await postJson(request(query))) as DashboardAnswer;
      const widgets = answer.data?.dashboard?.widgets ?? [];
      if (answer.errors || widgets.length !== WIDGETS.length || widgets.some((w) => w.state !== 'OK'))
        throw new Error(`dashboard read failed: ${JSON.stringify(answer).slice(0, 300)}`);
      return relata.counter.count - before;
    };
    const widgetStatements = (await statements(READ)) - (await statements(SHELL));
    const sql = handWritten(ctx);
    const read = (await postJson(request(READ))) as {
      data: { dashboard: { widgets: { id: string; points: { key: unknown; value: number }[] }[] } };
    };
    const stages = read.data.dashboard.widgets.find((w) => w.id === 'by-stage')?.points ?? [];
    const expected = await sql.sequential();
    const sorted = (pairs: [unknown, unknown][]) =>
      JSON.stringify(pairs.sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    if (sorted(stages.map((p) => [p.key, p.value])) !== sorted(Object.entries(expected)))
      throw new Error(`Relata and SQL count different stages: ${JSON.stringify({ stages, expected })}`);
    const [relataMs = 0, sqlMs = 0, poolMs = 0, shellMs = 0] = await alternateMedians(
      [() => postJson(request(READ)), sql.sequential, sql.parallel, () => postJson(request(SHELL))],
      RUNS,
    );
    ctx.rows.push({
      metric: METRIC,
      relata: `${num(relataMs, 1)} ms; ${widgetStatements} statement(s) for ${WIDGETS.length} widgets`,
      baseline: `${num(sqlMs, 1)} ms; 6 statements in turn`,
      ratio: ratio(sqlMs, relataMs),
      target: TARGET,
      pass: sqlMs / relataMs >= 0.8 && widgetStatements <= WIDGETS.length,
    });
    ctx.notes.push(
      `12d. The six hand-written statements at once on the pool: ${num(poolMs, 1)} ms (ratio ${ratio(poolMs, relataMs)}); ` +
        `the same dashboard read through /graphql without its points (auth, dashboard row, HTTP): ${num(shellMs, 1)} ms.`,
    );
  } catch (error) {
    ctx.rows.push(notMeasured(METRIC, TARGET, reason(error)));
  }
}
