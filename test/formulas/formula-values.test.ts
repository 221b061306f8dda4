import { buildDataSchema, loadSnapshot } from '@relata/core';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorCode, type RoleClient, USER } from '../security/security-kit';
import { createFormulaKit, type FormulaKit } from './formula-kit';

let f: FormulaKit;
let sales: RoleClient;
let adminSchema: GraphQLSchema;

beforeAll(async () => {
  f = await createFormulaKit('formula_values');
  await f.kit.insert('opportunity', {
    title: 'Dated A',
    stage: 'NEW',
    closeDate: '2024-05-10',
    // 2024-04-30 in UTC: date formulas take instants in UTC.
    lastActivityAt: '2024-05-01T00:30:00+02:00',
    companyId: f.ids.cargo,
    ownerId: USER,
  });
  await f.kit.insert('opportunity', {
    title: 'Dated B',
    stage: 'WON',
    closeDate: '2024-03-01',
    lastActivityAt: '2024-03-01T23:30:00Z',
    ownerId: USER,
  });
  await f.formula('opportunity', 'won', "stage = 'WON'", 'BOOLEAN');
  await f.formula('opportunity', 'companyRating', 'company.rating * 10', 'NUMBER');
  await f.formula('opportunity', 'weighted', 'amount * 0.5', 'NUMBER');
  await f.formula('opportunity', 'safeRatio', 'round(100 / (company.rating - 5), 2)', 'NUMBER');
  await f.formula('opportunity', 'label', "concat(upper(title), ' @ ', company.name)", 'TEXT');
  await f.formula('opportunity', 'daysToClose', 'daysBetween(date(lastActivityAt), closeDate)', 'NUMBER');
  await f.formula('opportunity', 'activityDay', 'date(lastActivityAt)', 'DATE');
  await f.formula('opportunity', 'closeMonth', 'month(closeDate)', 'NUMBER');
  await f.formula('opportunity', 'doubleRating', 'companyRating * 2', 'NUMBER');
  await f.formula('company', 'sizeBand', "if(employees >= 100, 'large', 'small')", 'TEXT');
  await f.formula('person', 'scoreByZero', 'score / 0', 'NUMBER');
  sales = await f.kit.as('sales');
  adminSchema = buildDataSchema(await loadSnapshot(f.kit.test.opened.db, f.kit.workspaceId));
});
afterAll(() => f?.kit.close());

const nodes = (data: Record<string, unknown>, key: string) => (data[key] as { nodes: unknown[] }).nodes;
const titles = async (args: string) =>
  nodes(await f.adminData(`{ opportunities(${args}) { nodes { title } } }`), 'opportunities').map(
    (n) => (n as { title: string }).title,
  );

describe('formula values in lists, records and nested relations', () => {
  test('computed in SQL with nulls, division by zero and UTC dates', async () => {
    const data = await f.adminData(`{ opportunities(orderBy: [{ title: AscNullsLast }]) { nodes {
      title won companyRating weighted safeRatio label daysToClose activityDay closeMonth doubleRating } } }`);
    expect(nodes(data, 'opportunities')).toEqual([
      {
        title: 'Bolt deal',
        won: false,
        companyRating: 20,
        weighted: 25,
        safeRatio: -33.33,
        label: 'BOLT DEAL @ Bolt',
        daysToClose: null,
        activityDay: null,
        closeMonth: null,
        doubleRating: 40,
      },
      {
        title: 'Dated A',
        won: false,
        companyRating: 30,
        weighted: null,
        safeRatio: -50,
        label: 'DATED A @ Cargo',
        daysToClose: 10,
        activityDay: '2024-04-30',
        closeMonth: 5,
        doubleRating: 60,
      },
      {
        title: 'Dated B',
        won: true,
        companyRating: null,
        weighted: null,
        safeRatio: null,
        label: 'DATED B @ ',
        daysToClose: 0,
        activityDay: '2024-03-01',
        closeMonth: 3,
        doubleRating: null,
      },
      // Acme's rating is 5: 100 / (5 - 5) is null, not an error.
      ...['Mine', 'Theirs'].map((title) => ({
        title,
        won: title === 'Theirs',
        companyRating: 50,
        weighted: title === 'Mine' ? 50 : 450,
        safeRatio: null,
        label: `${title.toUpperCase()} @ Acme`,
        daysToClose: null,
        activityDay: null,
        closeMonth: null,
        doubleRating: 100,
      })),
    ]);
  });

  test('a record by id, a nested many-to-one and a nested list read formulas too', async () => {
    const data = await f.adminData(
      `query($id: ID!) { opportunity(id: $id) { label company { sizeBand opportunities(orderBy: [{ title: AscNullsLast }]) { nodes { title companyRating } } } } }`,
      { id: f.ids.mine },
    );
    expect(data.opportunity).toEqual({
      label: 'MINE @ Acme',
      company: {
        sizeBand: 'large',
        opportunities: {
          nodes: [
            { title: 'Mine', companyRating: 50 },
            { title: 'Theirs', companyRating: 50 },
          ],
        },
      },
    });
    const people = await f.adminData('{ people { nodes { scoreByZero } } }');
    expect(nodes(people, 'people')).toEqual([{ scoreByZero: null }, { scoreByZero: null }]);
  });

  test('formulas cannot be written', async () => {
    const result = await f.admin(`mutation($id: ID!) { updateOpportunity(id: $id, input: { won: true }) { id } }`, {
      id: f.ids.mine,
    });
    expect(errorCode(result)).toBe('VALIDATION');
  });
});

describe('filter, orderBy, groupBy and aggregates over formulas', () => {
  test.each([
    ['{ companyRating: { gte: 30 } }', ['Dated A', 'Mine', 'Theirs']],
    ['{ safeRatio: { isNull: true } }', ['Dated B', 'Mine', 'Theirs']],
    ['{ won: { eq: true } }', ['Dated B', 'Theirs']],
    ['{ label: { ilike: "%@ acme" } }', ['Mine', 'Theirs']],
    ['{ activityDay: { lt: "2024-04-01" } }', ['Dated B']],
    ['{ not: { won: { eq: true } }, doubleRating: { lt: 100 } }', ['Bolt deal', 'Dated A']],
    ['{ company: { sizeBand: { eq: "large" } } }', ['Mine', 'Theirs']],
  ])('filter %s', async (filter, expected) => {
    expect(await titles(`filter: ${filter}, orderBy: [{ title: AscNullsLast }]`)).toEqual(expected);
  });

  test('orderBy a formula pages with cursors', async () => {
    const order = 'orderBy: [{ companyRating: DescNullsLast }, { title: AscNullsLast }]';
    const first = await f.adminData(`{ opportunities(${order}, first: 2) { nodes { title } pageInfo { endCursor } } }`);
    const page = first.opportunities as { nodes: { title: string }[]; pageInfo: { endCursor: string } };
    expect(page.nodes.map((n) => n.title)).toEqual(['Mine', 'Theirs']);
    expect(await titles(`${order}, first: 3, after: "${page.pageInfo.endCursor}"`)).toEqual([
      'Dated A',
      'Bolt deal',
      'Dated B',
    ]);
    expect(await titles('orderBy: [{ label: AscNullsFirst }], last: 2')).toEqual(['Mine', 'Theirs']);
  });

  test('group by a formula and aggregate one', async () => {
    const data = await f.adminData(`{
      byWon: opportunitiesAggregate(groupBy: [{ won: true }]) { group { won } count sum { weighted } }
      byMonth: opportunitiesAggregate(groupBy: [{ activityDay: month }]) { group { activityDay } count }
      totals: opportunitiesAggregate { min { companyRating activityDay } max { companyRating } avg { doubleRating } }
    }`);
    expect(data.byWon).toEqual([
      { group: { won: false }, count: 3, sum: { weighted: 75 } },
      { group: { won: true }, count: 2, sum: { weighted: 450 } },
    ]);
    expect(data.byMonth).toEqual([
      { group: { activityDay: '2024-03-01' }, count: 1 },
      { group: { activityDay: '2024-04-01' }, count: 1 },
      { group: { activityDay: null }, count: 3 },
    ]);
    expect(data.totals).toEqual([
      { min: { companyRating: 20, activityDay: '2024-03-01' }, max: { companyRating: 50 }, avg: { doubleRating: 75 } },
    ]);
  });
});

describe('a formula reveals nothing its reader may not read', () => {
  const fieldsOf = (type: string) => Object.keys((sales.schema.getType(type) as { getFields(): object }).getFields());

  test('a formula over a hidden field is hidden everywhere in the role schema', () => {
    for (const type of ['Opportunity', 'OpportunityFilter', 'OpportunityOrderBy', 'OpportunityNumericAggregate']) {
      expect(fieldsOf(type)).not.toContain('weighted');
      expect(fieldsOf(type)).toContain('companyRating');
    }
    expect(fieldsOf('Company')).not.toContain('sizeBand');
    expect(fieldsOf('Person')).not.toContain('scoreByZero');
    expect(fieldsOf('OpportunityGroupBy')).toContain('won');
  });

  test.each([
    '{ opportunities { nodes { weighted } } }',
    '{ opportunities(filter: { weighted: { gt: 0 } }) { totalCount } }',
    '{ opportunities(orderBy: [{ weighted: AscNullsLast }]) { totalCount } }',
    '{ opportunitiesAggregate { sum { weighted } } }',
    '{ companiesAggregate(groupBy: [{ sizeBand: true }]) { count } }',
    '{ opportunities(filter: { company: { sizeBand: { eq: "large" } } }) { totalCount } }',
  ])('crafted against the admin schema, %s is FORBIDDEN', async (query) => {
    const result: ExecutionResult = await sales.runOn(adminSchema, query);
    expect(errorCode(result)).toBe('FORBIDDEN');
  });

  test('a value read through a relation to a record out of scope is null, in reads and filters', async () => {
    const result = await sales.run(
      '{ opportunities(orderBy: [{ title: AscNullsLast }]) { nodes { title companyRating label safeRatio } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(nodes(result.data as Record<string, unknown>, 'opportunities')).toEqual([
      { title: 'Bolt deal', companyRating: null, label: 'BOLT DEAL @ ', safeRatio: null },
      { title: 'Dated A', companyRating: 30, label: 'DATED A @ Cargo', safeRatio: -50 },
      { title: 'Dated B', companyRating: null, label: 'DATED B @ ', safeRatio: null },
      { title: 'Mine', companyRating: 50, label: 'MINE @ Acme', safeRatio: null },
    ]);
    // Probing Bolt's rating through the formula finds nothing.
    const probe = await sales.run('{ opportunities(filter: { companyRating: { eq: 20 } }) { totalCount } }');
    expect(probe.data).toEqual({ opportunities: { totalCount: 0 } });
    const groups = await sales.run(
      '{ opportunitiesAggregate(groupBy: [{ companyRating: true }]) { group { companyRating } count } }',
    );
    expect(groups.data).toEqual({
      opportunitiesAggregate: [
        { group: { companyRating: 30 }, count: 1 },
        { group: { companyRating: 50 }, count: 1 },
        { group: { companyRating: null }, count: 2 },
      ],
    });
  });
});
