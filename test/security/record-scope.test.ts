import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSalesKit, type SalesIds } from './sales-fixture';
import { OTHER, type RoleClient, type SecurityKit } from './security-kit';

let kit: SecurityKit;
let sales: RoleClient;
let ids: SalesIds;

beforeAll(async () => {
  ({ kit, sales, ids } = await createSalesKit('sec_scope'));
});
afterAll(() => kit?.close());

async function data(client: RoleClient, query: string, variables?: Record<string, unknown>) {
  const result = await client.run(query, variables);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as Record<string, unknown>;
}

describe('record scope by condition (company: tier in ENTERPRISE, MID)', () => {
  test('lists, totalCount and page flags see only records in scope', async () => {
    const result = await data(
      sales,
      '{ companies(orderBy: [{ name: AscNullsLast }], first: 1) { totalCount nodes { name } pageInfo { hasNextPage } } }',
    );
    expect(result.companies).toEqual({ totalCount: 2, nodes: [{ name: 'Acme' }], pageInfo: { hasNextPage: true } });
    const all = await data(sales, '{ companies { nodes { name } } }');
    expect(all.companies).toEqual({ nodes: [{ name: 'Acme' }, { name: 'Cargo' }] });
  });

  test('get by id of a record out of scope is null, like a missing one', async () => {
    const result = await data(sales, 'query($id: ID!) { company(id: $id) { name } }', { id: ids.bolt });
    expect(result.company).toBeNull();
  });

  test('a user filter cannot widen the scope (or, not)', async () => {
    const result = await data(
      sales,
      '{ companies(filter: { or: [{ tier: { eq: SMB } }, { not: { tier: { eq: SMB } } }] }) { totalCount } }',
    );
    expect(result.companies).toEqual({ totalCount: 2 });
  });

  test('aggregates and groups count only records in scope', async () => {
    const result = await data(sales, '{ companiesAggregate(groupBy: [{ tier: true }]) { group { tier } count } }');
    expect(result.companiesAggregate).toEqual([
      { group: { tier: 'ENTERPRISE' }, count: 1 },
      { group: { tier: 'MID' }, count: 1 },
    ]);
  });

  // Issue 8, item 5: the id of a linked record out of the reader's scope told which one it was.
  test('a nested many-to-one out of scope reads as null, and so does its id', async () => {
    const result = await data(
      sales,
      '{ people(orderBy: [{ email: AscNullsLast }]) { nodes { email companyId company { name } } } }',
    );
    expect(result.people).toEqual({
      nodes: [
        { email: 'ann@acme.io', companyId: ids.acme, company: { name: 'Acme' } },
        { email: 'bob@bolt.de', companyId: null, company: null },
      ],
    });
  });

  test('filters and groups on the id see it as reads do: a link out of scope is null', async () => {
    const byId = (id: string) =>
      data(sales, 'query($id: ID) { people(filter: { companyId: { eq: $id } }) { nodes { email } } }', { id });
    expect(((await byId(ids.acme)).people as { nodes: unknown[] }).nodes).toEqual([{ email: 'ann@acme.io' }]);
    // Probing for the hidden company's id finds nothing, not Bob.
    expect(((await byId(ids.bolt)).people as { nodes: unknown[] }).nodes).toEqual([]);
    const none = await data(sales, '{ people(filter: { companyId: { isNull: true } }) { nodes { email } } }');
    expect(none.people).toEqual({ nodes: [{ email: 'bob@bolt.de' }] });
    const groups = await data(
      sales,
      '{ peopleAggregate(groupBy: [{ companyId: true }]) { group { companyId } count } }',
    );
    expect(groups.peopleAggregate).toEqual(
      expect.arrayContaining([
        { group: { companyId: ids.acme }, count: 1 },
        { group: { companyId: null }, count: 1 },
      ]),
    );
    expect(JSON.stringify(groups)).not.toContain(ids.bolt);
  });

  test('ordering by the id of a relation whose target is scoped is refused', async () => {
    const result = await sales.run('{ people(orderBy: [{ companyId: AscNullsLast }]) { nodes { email } } }');
    expect(result.errors?.[0]?.originalError).toMatchObject({
      code: 'FORBIDDEN',
      details: { field: 'orderBy.0.companyId' },
    });
  });

  test('a relation filter cannot reach records out of the target scope', async () => {
    const result = await data(sales, '{ people(filter: { company: { name: { eq: "Bolt" } } }) { totalCount } }');
    expect(result.people).toEqual({ totalCount: 0 });
  });

  test('search finds only records in scope', async () => {
    // Bolt (a company out of scope) is not found; the own opportunity "Bolt deal" is.
    const result = await data(sales, '{ search(query: "bolt") { object id } }');
    expect(result.search).toEqual([{ object: 'opportunity', id: ids.boltDeal }]);
  });
});

describe('record scope own (opportunity)', () => {
  test('lists, totalCount and get by id', async () => {
    const list = await data(
      sales,
      '{ opportunities(orderBy: [{ title: AscNullsLast }]) { totalCount nodes { title } } }',
    );
    expect(list.opportunities).toEqual({ totalCount: 2, nodes: [{ title: 'Bolt deal' }, { title: 'Mine' }] });
    const other = await data(sales, 'query($id: ID!) { opportunity(id: $id) { title } }', { id: ids.theirs });
    expect(other.opportunity).toBeNull();
  });

  test('nested to-many lists apply the target scope in both directions', async () => {
    const fromCompany = await data(
      sales,
      'query($id: ID!) { company(id: $id) { opportunities { totalCount nodes { title } } } }',
      { id: ids.acme },
    );
    expect(fromCompany.company).toEqual({ opportunities: { totalCount: 1, nodes: [{ title: 'Mine' }] } });
    const fromPerson = await data(
      sales,
      'query($id: ID!) { person(id: $id) { deals { totalCount nodes { title } } } }',
      {
        id: ids.ann,
      },
    );
    expect(fromPerson.person).toEqual({ deals: { totalCount: 1, nodes: [{ title: 'Mine' }] } });
    // The many-to-one from an opportunity of Bolt (out of the company scope) reads as null.
    const up = await data(sales, 'query($id: ID!) { opportunity(id: $id) { company { name } } }', { id: ids.boltDeal });
    expect(up.opportunity).toEqual({ company: null });
  });

  test('aggregates count own records only', async () => {
    const result = await data(
      sales,
      '{ opportunitiesAggregate(groupBy: [{ stage: true }]) { group { stage } count } }',
    );
    expect(result.opportunitiesAggregate).toEqual([{ group: { stage: 'NEW' }, count: 2 }]);
  });

  test('another user of the same role sees their own records', async () => {
    const other = await kit.as('sales', OTHER);
    const result = await data(other, '{ opportunities { nodes { title } } }');
    expect(result.opportunities).toEqual({ nodes: [{ title: 'Theirs' }] });
  });

  test('an actor without id reaches no own records', async () => {
    const anonymous = await kit.as('sales', null);
    const result = await data(anonymous, '{ opportunities { totalCount } }');
    expect(result.opportunities).toEqual({ totalCount: 0 });
  });
});

describe('subscriptions re-read through the scope', () => {
  test('changes of records out of scope are not delivered', async () => {
    const context = sales.context();
    const { parse, subscribe } = await import('graphql');
    const stream = await subscribe({
      schema: sales.schema,
      document: parse('subscription { opportunityChanged { kind id record { title } } }'),
      contextValue: context,
    });
    if (!(Symbol.asyncIterator in stream)) throw new Error('no stream');
    const next = stream.next();
    const write = kit.context();
    await write.records.update(write, 'opportunity', ids.theirs, { title: 'Theirs 2' });
    await write.records.softDelete(write, 'opportunity', ids.theirs);
    await write.records.update(write, 'opportunity', ids.mine, { title: 'Mine 2' });
    const first = await next;
    expect(first.value).toEqual({
      data: { opportunityChanged: { kind: 'UPDATED', id: ids.mine, record: { title: 'Mine 2' } } },
    });
    const deleted = stream.next();
    await write.records.softDelete(write, 'opportunity', ids.mine);
    expect((await deleted).value).toEqual({
      data: { opportunityChanged: { kind: 'DELETED', id: ids.mine, record: { title: 'Mine 2' } } },
    });
    await stream.return?.();
  });
});

describe('history of links to records out of scope', () => {
  test('shows only ids the reader may read; a move between two hidden companies is no entry for it', async () => {
    const dune = await kit.insert('company', { name: 'Dune', employees: 3, tier: 'SMB', rating: 1 });
    const move = (c: string) =>
      kit.data('mutation($id: ID!, $c: ID) { updatePerson(id: $id, data: { companyId: $c }) { id } }', {
        id: ids.bob,
        c,
      });
    await move(ids.cargo);
    await move(ids.bolt);
    await move(dune);
    const history = await data(
      sales,
      'query($id: ID!) { person(id: $id) { history { nodes { action changes { field before after } } } } }',
      { id: ids.bob },
    );
    // Newest first: cargo -> bolt, bolt -> cargo; bolt -> dune (both hidden) is no entry at all.
    expect(history.person).toEqual({
      history: {
        nodes: [
          { action: 'UPDATED', changes: [{ field: 'companyId', before: ids.cargo, after: null }] },
          { action: 'UPDATED', changes: [{ field: 'companyId', before: null, after: ids.cargo }] },
        ],
      },
    });
    expect(JSON.stringify(history)).not.toContain(ids.bolt);
    const admin = await kit.data('query($id: ID!) { person(id: $id) { history { nodes { changes { after } } } } }', {
      id: ids.bob,
    });
    expect(JSON.stringify(admin)).toContain(dune);
  });
});
