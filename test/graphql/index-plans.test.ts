import {
  buildDataSchema,
  createIndexService,
  createMetadataService,
  createRecordService,
  createWorkspace,
  type Database,
  type DataRequestContext,
  EventBus,
  loadSnapshot,
  type Workspace,
  type WorkspaceSnapshot,
} from '@relata/core';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CRM_BUNDLE, CRM_INDEXES } from '../bench/data-model';
import { OPPORTUNITY_BOARD } from '../bench/queries';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let testDb: TestDatabase;
let db: Database;
let ws: Workspace;
let snapshot: WorkspaceSnapshot;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.opened.db;
  ws = await createWorkspace(db, { slug: 'plans', name: 'plans' });
  await createMetadataService({ db }).applyBundle(ws.id, CRM_BUNDLE);
  snapshot = await loadSnapshot(db, ws.id);
  // The bench's data (a tenth of its companies and people), written directly: plans are the subject here.
  await db.query(`insert into ws_plans.companies (id, name, domain, employees)
    select ('0190a000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Company ' || g,
           'https://c' || g || '.example.com', g % 5000 from generate_series(1, 1000) g`);
  await db.query(`insert into ws_plans.people (id, full_name_first_name, email, company_id)
    select ('0190a001-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Ada', 'p' || g || '@example.com',
           ('0190a000-0000-7000-8000-' || lpad(to_hex(g % 1000 + 1), 12, '0'))::uuid from generate_series(1, 10000) g`);
  await db.query(`insert into ws_plans.opportunities (id, title, amount_amount, amount_currency_code, stage, company_id)
    select ('0190a002-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Deal ' || g, ((g * 7919) % 50000) * 10 + 0.25, 'EUR',
           (array['NEW','QUALIFIED','PROPOSAL','WON','LOST'])[g % 5 + 1],
           ('0190a000-0000-7000-8000-' || lpad(to_hex(g * 7 % 1000 + 1), 12, '0'))::uuid from generate_series(1, 50000) g`);
  const indexes = createIndexService({ db });
  for (const { object, input } of CRM_INDEXES) await indexes.create(ws.id, object, input);
  // The visibility map lets the count read the index alone.
  for (const table of ['companies', 'people', 'opportunities']) await db.query(`vacuum analyze ws_plans.${table}`);
}, 120_000);
afterAll(async () => {
  await testDb.drop();
});

/** The one statement the board query compiles to, with its bound values. */
/** The one statement `query` compiles to, with its bound values, and the answer. */
async function compiled(query: string, variables: Record<string, unknown>) {
  const statements: { text: string; params: readonly unknown[] }[] = [];
  const capturing: Database = {
    ...db,
    query: (text, params = []) => {
      statements.push({ text, params });
      return db.query(text, params);
    },
    transaction: (work) => db.transaction(work),
    session: (work) => db.session(work),
    entities: () => db.entities(),
  };
  const context = {
    workspace: { id: ws.id, slug: 'plans', schemaName: ws.schemaName },
    snapshot,
    actor: { kind: 'system', id: null, role: 'admin' },
    via: 'api',
    db: capturing,
    records: createRecordService({ db, events: new EventBus('plans') }),
    events: new EventBus('plans'),
  } as DataRequestContext;
  const result = await execute({
    schema: buildDataSchema(snapshot),
    document: parse(query),
    contextValue: context,
    variableValues: variables,
  });
  expect(result.errors).toBeUndefined();
  expect(statements).toHaveLength(1);
  return { ...statements[0]!, data: result.data as Record<string, unknown> };
}

const boardStatement = () => compiled(OPPORTUNITY_BOARD, { first: 50 });

const NEXT_PAGE = `query Next($after: String) {
  opportunities(filter: { stage: { eq: WON } }, orderBy: [{ amount: DescNullsLast }], first: 50, after: $after) {
    edges { node { id } }
    pageInfo { endCursor hasNextPage }
  }
}`;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const scans = (plan: PlanNode, relation: string) =>
  nodes(plan)
    .filter((n) => n['Relation Name'] === relation)
    .map((n) => `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`);

/** `explain (analyze, buffers)` of the statement: as planned for its values, or generic (a prepared statement's plan). */
async function explain({ text, params }: { text: string; params: readonly unknown[] }, generic: boolean) {
  return db.session(async (session) => {
    await session.query(`set plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}`);
    await session.query(`prepare board as ${text}`);
    const values = params.map((p) => `'${String(p).replaceAll("'", "''")}'`).join(', ');
    const { rows } = await session.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `explain (analyze, buffers, format json) execute board(${values})`,
    );
    await session.query('deallocate board');
    return rows[0]!['QUERY PLAN'][0].Plan;
  });
}

describe('the board query reads its declared indexes', () => {
  test.each([
    ['planned for its values', false],
    ['as a prepared statement (generic plan)', true],
  ])('%s: count and page from the index, no sort, no heap for the count', async (_name, generic) => {
    const plan = await explain(await boardStatement(), generic);
    // totalCount: an index-only scan (visible pages need no heap); the page: the index in order.
    expect(scans(plan, 'opportunities').sort()).toEqual([
      'Index Only Scan using opportunities__board',
      'Index Scan using opportunities__board',
    ]);
    const count = nodes(plan).find((n) => n['Node Type'] === 'Index Only Scan')!;
    expect((count['Shared Hit Blocks'] ?? 0) + (count['Shared Read Blocks'] ?? 0)).toBeLessThan(200);
    // Each company's first people come from (companyId, email, id) in order, not a sort.
    expect(scans(plan, 'people')).toEqual(['Index Scan using people__by_company']);
    expect(nodes(plan).filter((n) => n['Node Type'] === 'Sort')).toEqual([]);
  });

  test('the next page walks the same index from the cursor on, unsorted', async () => {
    const first = await compiled(NEXT_PAGE, { after: null });
    const page = first.data.opportunities as { pageInfo: { endCursor: string } };
    const plan = await explain(await compiled(NEXT_PAGE, { after: page.pageInfo.endCursor }), true);
    // Index-only when the page reads only keys (here: ids).
    const [scan, ...more] = scans(plan, 'opportunities');
    expect(more).toEqual([]);
    expect(scan).toMatch(/^Index (Only )?Scan using opportunities__board$/);
    expect(nodes(plan).filter((n) => n['Node Type'] === 'Sort')).toEqual([]);
  });
});

describe('a list sorted by a roll-up', () => {
  test('keeps only the top rows while sorting and numbers the page after the cut', async () => {
    await createMetadataService({ db }).createField(ws.id, 'company', {
      name: 'wonTotal',
      label: 'Won total',
      type: 'ROLLUP',
      rollup: { relation: 'opportunities', function: 'SUM', field: 'amount', filter: { stage: { eq: 'WON' } } },
    });
    snapshot = await loadSnapshot(db, ws.id);
    const statement = await compiled(
      'query { companies(first: 50, orderBy: [{ wonTotal: DescNullsLast }]) { nodes { id wonTotal } } }',
      {},
    );
    const plan = await explain(statement, false);
    // Numbering every company by the roll-up (row_number over the whole set) sorted all 1,000 of them.
    const sorts = nodes(plan).filter((n) => n['Node Type'] === 'Sort') as (PlanNode & { 'Sort Method': string })[];
    expect(sorts.map((s) => s['Sort Method'])).toEqual(['top-N heapsort']);
    const { rows } = await db.query<{ id: string }>(
      `select c.id from ws_plans.companies c order by (select coalesce(sum(o.amount_amount), 0) from ws_plans.opportunities o
        where o.company_id = c.id and o.deleted_at is null and o.stage = 'WON') desc nulls last, c.id limit 50`,
    );
    const listed = statement.data.companies as { nodes: { id: string }[] };
    expect(listed.nodes.map((n) => n.id)).toEqual(rows.map((r) => r.id));
  });
});
