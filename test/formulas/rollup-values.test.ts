import { buildDataSchema, loadSnapshot } from '@relata/core';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorCode, type RoleClient, USER } from '../security/security-kit';
import { createFormulaKit, type FormulaKit, refusal } from './formula-kit';

let f: FormulaKit;
let sales: RoleClient;
let adminSchema: GraphQLSchema;

const rollup = (object: string, name: string, spec: Record<string, unknown>) =>
  f.metadata.createField(f.kit.workspaceId, object, { name, label: name, type: 'ROLLUP', rollup: spec });

beforeAll(async () => {
  f = await createFormulaKit('rollup_values');
  await f.kit.insert('opportunity', {
    title: 'Cargo deal',
    stage: 'NEW',
    closeDate: '2024-05-10',
    companyId: f.ids.cargo,
    ownerId: USER,
  });
  await f.formula('opportunity', 'companyRating', 'company.rating * 10', 'NUMBER');
  await rollup('company', 'dealCount', { relation: 'opportunities', function: 'COUNT' });
  await rollup('company', 'wonTotal', {
    relation: 'opportunities',
    function: 'SUM',
    field: 'amount',
    filter: { stage: { eq: 'WON' } },
  });
  await rollup('company', 'bigDeals', {
    relation: 'opportunities',
    function: 'COUNT',
    filter: { amount: { amount: { gt: 500 } } },
  });
  await rollup('company', 'bestRating', { relation: 'opportunities', function: 'MAX', field: 'companyRating' });
  await rollup('company', 'latestClose', { relation: 'opportunities', function: 'LATEST', field: 'closeDate' });
  await rollup('person', 'dealCount', { relation: 'deals', function: 'COUNT' });
  await f.formula('company', 'avgWon', 'round(wonTotal / dealCount, 2)', 'NUMBER');
  sales = await f.kit.as('sales');
  adminSchema = buildDataSchema(await loadSnapshot(f.kit.test.opened.db, f.kit.workspaceId));
});
afterAll(() => f?.kit.close());

const nodes = (data: unknown, key: string) => (data as Record<string, { nodes: unknown[] }>)[key]?.nodes;

describe('roll-up values', () => {
  test('count, filtered sum, max of a formula, latest date and a formula over roll-ups', async () => {
    const data = await f.adminData(`{ companies(orderBy: [{ name: AscNullsLast }]) { nodes {
      name dealCount wonTotal bigDeals bestRating latestClose avgWon } } }`);
    expect(nodes(data, 'companies')).toEqual([
      { name: 'Acme', dealCount: 2, wonTotal: 900, bigDeals: 1, bestRating: 50, latestClose: null, avgWon: 450 },
      { name: 'Bolt', dealCount: 1, wonTotal: 0, bigDeals: 0, bestRating: 20, latestClose: null, avgWon: 0 },
      { name: 'Cargo', dealCount: 1, wonTotal: 0, bigDeals: 0, bestRating: 30, latestClose: '2024-05-10', avgWon: 0 },
    ]);
    const people = await f.adminData('{ people(orderBy: [{ email: AscNullsLast }]) { nodes { email dealCount } } }');
    expect(nodes(people, 'people')).toEqual([
      { email: 'ann@acme.io', dealCount: 2 },
      { email: 'bob@bolt.de', dealCount: 1 },
    ]);
  });

  test('a soft-deleted related record does not count', async () => {
    await f.kit.insert('opportunity', {
      title: 'Gone',
      stage: 'WON',
      amount: { amount: 5000, currencyCode: 'EUR' },
      companyId: f.ids.bolt,
      deletedAt: '2024-01-01T00:00:00Z',
    });
    const data = await f.adminData('{ companies(filter: { name: { eq: "Bolt" } }) { nodes { dealCount wonTotal } } }');
    expect(nodes(data, 'companies')).toEqual([{ dealCount: 1, wonTotal: 0 }]);
  });

  test('filter, sort, group and aggregate by roll-ups', async () => {
    const names = async (args: string) =>
      (nodes(await f.adminData(`{ companies(${args}) { nodes { name } } }`), 'companies') as { name: string }[]).map(
        (n) => n.name,
      );
    expect(await names('filter: { wonTotal: { gt: 0 } }')).toEqual(['Acme']);
    expect(await names('orderBy: [{ bestRating: AscNullsLast }]')).toEqual(['Bolt', 'Cargo', 'Acme']);
    expect(await names('orderBy: [{ wonTotal: DescNullsLast }, { name: DescNullsLast }], first: 2')).toEqual([
      'Acme',
      'Cargo',
    ]);
    const data = await f.adminData(`{
      byCount: companiesAggregate(groupBy: [{ dealCount: true }]) { group { dealCount } count }
      totals: companiesAggregate { sum { wonTotal dealCount } max { latestClose } }
    }`);
    expect(data.byCount).toEqual([
      { group: { dealCount: 1 }, count: 2 },
      { group: { dealCount: 2 }, count: 1 },
    ]);
    expect(data.totals).toEqual([{ sum: { wonTotal: 900, dealCount: 4 }, max: { latestClose: '2024-05-10' } }]);
  });

  test('a list with roll-ups is one statement', async () => {
    const count = async (query: string) => {
      const before = f.kit.statements();
      const result = await sales.run(query);
      expect(result.errors).toBeUndefined();
      return f.kit.statements() - before;
    };
    const plain = await count('{ companies { nodes { name } } }');
    expect(
      await count('{ companies(orderBy: [{ dealCount: DescNullsLast }]) { nodes { name dealCount bestRating } } }'),
    ).toBe(plain);
  });
});

describe('a roll-up counts only what its reader may see', () => {
  test('related records out of the reader scope are not counted', async () => {
    // sales reads its own opportunities only: Acme's "Theirs" is not counted, nor Bolt (out of scope).
    const result = await sales.run(
      '{ companies(orderBy: [{ name: AscNullsLast }]) { nodes { name dealCount bestRating } } }',
    );
    expect(nodes(result.data, 'companies')).toEqual([
      { name: 'Acme', dealCount: 1, bestRating: 50 },
      { name: 'Cargo', dealCount: 1, bestRating: 30 },
    ]);
    const people = await sales.run('{ people(orderBy: [{ email: AscNullsLast }]) { nodes { dealCount } } }');
    expect(nodes(people.data, 'people')).toEqual([{ dealCount: 1 }, { dealCount: 0 }]);
    const probe = await sales.run('{ companies(filter: { dealCount: { gte: 2 } }) { totalCount } }');
    expect(probe.data).toEqual({ companies: { totalCount: 0 } });
  });

  test('a roll-up of or filtered by a hidden field is hidden, and refused when crafted', async () => {
    const fields = Object.keys((sales.schema.getType('Company') as unknown as { getFields(): object }).getFields());
    expect(fields).toEqual(expect.arrayContaining(['dealCount', 'bestRating']));
    expect(fields).not.toContain('wonTotal');
    expect(fields).not.toContain('bigDeals');
    // A formula over a hidden roll-up is hidden too.
    expect(fields).not.toContain('avgWon');
    for (const query of [
      '{ companies { nodes { bigDeals } } }',
      '{ companies(filter: { wonTotal: { gt: 0 } }) { totalCount } }',
      '{ companies(orderBy: [{ bigDeals: AscNullsLast }]) { totalCount } }',
      '{ companiesAggregate { sum { wonTotal } } }',
    ]) {
      expect(errorCode(await sales.runOn(adminSchema, query))).toBe('FORBIDDEN');
    }
  });
});

describe('roll-up definitions', () => {
  test.each([
    [{ relation: 'company', function: 'COUNT' }, 'input.rollup.relation'],
    [{ relation: 'contacts', function: 'SUM', field: 'email' }, 'input.rollup.field'],
    [{ relation: 'contacts', function: 'COUNT', field: 'score' }, 'input.rollup.field'],
    [{ relation: 'contacts', function: 'EARLIEST', field: 'score' }, 'input.rollup.field'],
    [{ relation: 'contacts', function: 'COUNT', filter: { nope: { eq: 1 } } }, 'input.rollup.filter.nope'],
    [
      { relation: 'contacts', function: 'COUNT', filter: { company: { name: { eq: 'x' } } } },
      'input.rollup.filter.company',
    ],
    [{ relation: 'contacts', function: 'COUNT', filter: { score: { near: 1 } } }, 'input.rollup.filter.score.near'],
  ])('%j is refused at %s', async (spec, field) => {
    const error = await refusal(rollup('opportunity', 'bad', spec));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe(field);
  });

  test('renaming a filtered field carries the filter along; deleting the rolled field is refused', async () => {
    await f.metadata.updateField(f.kit.workspaceId, 'opportunity', 'stage', { name: 'phase' });
    const data = await f.adminData('{ companies(filter: { name: { eq: "Acme" } }) { nodes { wonTotal } } }');
    expect(nodes(data, 'companies')).toEqual([{ wonTotal: 900 }]);
    const { rows } = await f.kit.test.opened.db.query<{ settings: { rollup: { filter: unknown } } }>(
      `select settings from relata.fields where workspace_id = $1 and name = 'wonTotal'`,
      [f.kit.workspaceId],
    );
    expect(rows[0]?.settings.rollup.filter).toEqual({ phase: { eq: 'WON' } });
    const error = await refusal(f.metadata.deleteField(f.kit.workspaceId, 'opportunity', 'amount'));
    expect(error.code).toBe('CONFLICT');
    expect(error.details.dependents).toEqual(
      expect.arrayContaining([
        { kind: 'ROLLUP', name: 'wonTotal', object: 'company', path: 'rollup' },
        { kind: 'ROLLUP', name: 'bigDeals', object: 'company', path: 'rollup' },
      ]),
    );
  });
});
