import { isInputObjectType, isObjectType, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales, type SalesIds, seedSales } from './sales-fixture';
import { createSecurityKit, errorCode, type RoleClient, type SecurityKit } from './security-kit';

let kit: SecurityKit;
let sales: RoleClient;
let ids: SalesIds;

beforeAll(async () => {
  kit = await createSecurityKit('sec_fields');
  await grantSales(kit);
  await kit.roles.createRole(kit.workspaceId, { name: 'nobody', label: 'Nobody' });
  ids = await seedSales(kit);
  sales = await kit.as('sales');
});
afterAll(() => kit?.close());

const fieldsOf = (client: RoleClient, type: string) => {
  const named = client.schema.getType(type);
  if (!isObjectType(named) && !isInputObjectType(named)) throw new Error(`${type} is not a type with fields`);
  return Object.keys(named.getFields());
};

describe('the schema of a role shows only what it may read', () => {
  test('hidden fields are absent from the record type, filter, orderBy, groupBy, aggregates and inputs', () => {
    for (const type of [
      'Company',
      'CompanyFilter',
      'CompanyOrderBy',
      'CompanyGroupBy',
      'CompanyAggregateGroup',
      'CompanyNumericAggregate',
      'CompanyMinMaxAggregate',
      'CompanyUpdateInput',
    ]) {
      expect(fieldsOf(sales, type)).not.toContain('employees');
      expect(fieldsOf(sales, type)).not.toContain('domain');
    }
    expect(fieldsOf(sales, 'Company')).toContain('rating');
    expect(fieldsOf(sales, 'CompanyUpdateInput')).not.toContain('rating');
    expect(fieldsOf(sales, 'Opportunity')).not.toContain('amount');
    expect(fieldsOf(sales, 'Person')).not.toContain('score');
    const printed = printSchema(sales.schema);
    // The enum of a hidden MULTI_SELECT would reveal the field and its values.
    expect(printed).not.toContain('CompanyLabels');
    expect(printed).not.toMatch(/\bemployees\b|\bscore\b|\bdomain\b/);
  });

  test('mutations follow the object rights', () => {
    const mutations = Object.keys(sales.schema.getMutationType()?.getFields() ?? {});
    expect(mutations).toContain('updateCompany');
    expect(mutations).not.toContain('createCompany');
    expect(mutations).not.toContain('deleteCompany');
    expect(mutations).not.toContain('createPerson');
    expect(mutations).toEqual(expect.arrayContaining(['createOpportunity', 'deleteOpportunity']));
  });

  test('a role without write rights only saves views; one without objects sees none', async () => {
    const readOnly = await kit.as('read-only');
    // Besides its own views and personal dashboards, a reader marks its own notifications read
    // and may start the manual workflows an admin published on records it can read (runWorkflow
    // checks that read right); none of these writes a record under the reader's rights.
    expect(Object.keys(readOnly.schema.getMutationType()?.getFields() ?? {})).toEqual([
      'createView',
      'updateView',
      'deleteView',
      'markNotificationsRead',
      'runWorkflow',
      'createMyDashboard',
      'updateMyDashboard',
      'deleteMyDashboard',
    ]);
    expect(fieldsOf(readOnly, 'Company')).toContain('employees');
    const nobody = await kit.as('nobody');
    expect(Object.keys(nobody.schema.getQueryType()?.getFields() ?? {})).toEqual(['search']);
    expect(nobody.schema.getType('Company')).toBeUndefined();
  });
});

describe('a hidden field cannot be used to infer its values', () => {
  test.each([
    ['filter', '{ companies(filter: { employees: { gt: 100 } }) { nodes { name } } }'],
    ['orderBy', '{ companies(orderBy: [{ employees: DescNullsLast }]) { nodes { name } } }'],
    ['groupBy', '{ companiesAggregate(groupBy: [{ employees: true }]) { count } }'],
    ['aggregate', '{ companiesAggregate { sum { employees } } }'],
    ['nested relation filter', '{ people(filter: { company: { employees: { gt: 100 } } }) { nodes { email } } }'],
    ['selection', '{ companies { nodes { name employees } } }'],
    [
      'to-many nested filter',
      '{ companies { nodes { opportunities(filter: { amount: { amount: { gt: 500 } } }) { totalCount } } } }',
    ],
  ])('through %s: refused by its schema, never answered', async (_how, query) => {
    const result = await sales.run(query);
    expect(errorCode(result)).toBe('VALIDATION');
    expect(result.data).toBeUndefined();
  });

  test.each([
    ['filter', '{ companies(filter: { employees: { gt: 100 } }) { nodes { name } } }'],
    ['orderBy', '{ companies(orderBy: [{ employees: DescNullsLast }]) { nodes { name } } }'],
    ['groupBy', '{ companiesAggregate(groupBy: [{ employees: true }]) { count } }'],
    ['aggregate', '{ companiesAggregate { sum { employees } } }'],
    ['nested relation filter', '{ people(filter: { company: { employees: { gt: 100 } } }) { nodes { email } } }'],
    ['selection', '{ companies { nodes { name employees } } }'],
    ['hidden object', '{ companies { nodes { name } } }'],
  ])('crafted against a wider schema, %s is FORBIDDEN with no data', async (how, query) => {
    const client = how === 'hidden object' ? await kit.as('nobody') : sales;
    const result = await client.runOn(kit.schema, query);
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(result.data?.companies ?? result.data?.people ?? result.data?.companiesAggregate ?? null).toBeNull();
  });

  test('search does not match text of hidden fields, and labels only readable fields', async () => {
    // "quokka" only occurs in Acme's hidden domain.
    const admin = await kit.data('{ search(query: "quokka", objects: ["company"]) { id } }');
    expect(admin.search).toEqual([{ id: ids.acme }]);
    const result = await sales.run('{ search(query: "quokka", objects: ["company"]) { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.search).toEqual([]);
    const byName = await sales.run('{ search(query: "acme") { object id label } }');
    expect(byName.data?.search).toEqual([{ object: 'company', id: ids.acme, label: 'Acme' }]);
  });

  test('search cannot name an object the role cannot read (answered like an unknown object)', async () => {
    const nobody = await kit.as('nobody');
    const hidden = await nobody.run('{ search(query: "acme", objects: ["company"]) { id } }');
    const unknown = await nobody.run('{ search(query: "acme", objects: ["nothing"]) { id } }');
    expect(errorCode(hidden)).toBe('BAD_USER_INPUT');
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    expect(hidden.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message.replace('nothing', 'company'));
    expect((await nobody.run('{ search(query: "acme") { id } }')).data?.search).toEqual([]);
  });
});

describe('validation errors suggest no names', () => {
  test.each([
    ['a field', '{ companies { nodes { employes } } }'],
    ['a filter field', '{ companies(filter: { nam: { eq: "x" } }) { totalCount } }'],
    ['an argument', '{ companies(frist: 2) { totalCount } }'],
    ['an enum value', '{ companies(orderBy: [{ name: Asc }]) { totalCount } }'],
  ])('for %s', async (_what, query) => {
    const result = await sales.run(query);
    expect(errorCode(result)).toBe('VALIDATION');
    for (const error of result.errors ?? []) {
      expect(error.message).not.toMatch(/did you mean/i);
      expect(error.message).not.toContain('employees');
    }
  });
});
