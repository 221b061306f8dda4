import { postJson } from '../load';
import { medianMs } from '../percentile';
import { num } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const METRIC = '12d. 6-widget sales dashboard over the bench data (every widget computed): p50 ms (sequential)';
const TARGET = '< 300 ms, one statement per widget';
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
  query Sales($id: ID!) { dashboard(id: $id) { widgets { id state points { label value } } } }
`;
const SHELL = /* GraphQL */ `
  query Shell($id: ID!) { dashboard(id: $id) { widgets { id state } } }
`;

interface DashboardAnswer {
  data?: { dashboard?: { widgets: { id: string; state: string; points?: unknown[] | null }[] } };
  errors?: unknown;
}

/**
 * Issue 12's dashboard row: a sales dashboard of six aggregate widgets (KPI with comparison, bar,
 * monthly line, pie, funnel, table) over the bench's 50k opportunities, read through POST /graphql
 * with every widget's points. Statements per widget: those of the full read minus those of the
 * same dashboard read without points (auth, the dashboard row).
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
    const ms = await medianMs(() => postJson(request(READ)), RUNS, 3);
    ctx.rows.push({
      metric: METRIC,
      relata: `${num(ms, 1)} ms; ${widgetStatements} statements for ${WIDGETS.length} widgets`,
      baseline: '—',
      ratio: '—',
      target: TARGET,
      pass: ms < 300 && widgetStatements === WIDGETS.length,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(METRIC, TARGET, reason(error)));
  }
}
