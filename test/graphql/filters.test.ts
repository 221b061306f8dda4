import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';

let kit: GraphqlKit;
const ids: Record<string, string> = {};

beforeAll(async () => {
  kit = await createGraphqlKit('filters');
  ids.acme = await kit.insert('company', {
    name: 'Acme',
    domain: 'acme.io',
    employees: 120,
    tier: 'ENTERPRISE',
    labels: ['RED', 'GREEN'],
    address: { city: 'Paris', country: 'FR' },
    founded: '2001-05-01',
    rating: 5,
    meta: { a: 1 },
    active: true,
  });
  ids.bolt = await kit.insert('company', {
    name: 'Bolt_50%',
    employees: 8,
    tier: 'SMB',
    labels: ['BLUE'],
    address: { city: 'Berlin', country: 'DE' },
    founded: '2019-01-15',
    rating: 2,
    active: false,
  });
  ids.cargo = await kit.insert('company', { name: 'cargo', employees: null, tier: null, labels: [], rating: 3 });
  ids.gone = await kit.insert('company', { name: 'Gone', deletedAt: '2024-01-01T00:00:00Z' });
  ids.ann = await kit.insert('person', {
    fullName: { firstName: 'Ann', lastName: 'Lee' },
    email: 'ann@acme.io',
    companyId: ids.acme,
    score: 4.5,
  });
  ids.bob = await kit.insert('person', {
    fullName: { firstName: 'Bob', lastName: 'Stone' },
    email: 'bob@bolt.de',
    companyId: ids.bolt,
  });
  ids.deal1 = await kit.insert('opportunity', {
    title: 'Deal 1',
    amount: { amount: 100, currencyCode: 'EUR' },
    stage: 'WON',
    companyId: ids.acme,
    contactsIds: [ids.ann],
  });
  ids.deal2 = await kit.insert('opportunity', {
    title: 'Deal 2',
    amount: { amount: 900, currencyCode: 'USD' },
    stage: 'NEW',
    companyId: ids.bolt,
    contactsIds: [ids.bob],
  });
});
afterAll(() => kit?.close());

async function names(filter: unknown): Promise<string[]> {
  const data = await kit.data(
    'query($filter: CompanyFilter) { companies(filter: $filter, orderBy: [{ name: AscNullsLast }]) { nodes { name } } }',
    { filter },
  );
  const connection = data.companies as { nodes: { name: string }[] };
  return connection.nodes.map((n) => n.name).sort();
}

describe('scalar operators', () => {
  test.each([
    ['eq', { name: { eq: 'Acme' } }, ['Acme']],
    ['neq keeps nulls', { tier: { neq: 'SMB' } }, ['Acme', 'cargo']],
    ['in', { tier: { in: ['SMB', 'ENTERPRISE'] } }, ['Acme', 'Bolt_50%']],
    ['notIn keeps nulls', { tier: { notIn: ['SMB'] } }, ['Acme', 'cargo']],
    ['gt', { employees: { gt: 8 } }, ['Acme']],
    ['gte', { employees: { gte: 8 } }, ['Acme', 'Bolt_50%']],
    ['lt', { employees: { lt: 120 } }, ['Bolt_50%']],
    ['lte', { rating: { lte: 3 } }, ['Bolt_50%', 'cargo']],
    ['like', { name: { like: 'A%' } }, ['Acme']],
    ['ilike', { name: { ilike: 'c%' } }, ['cargo']],
    ['startsWith treats wildcards literally', { name: { startsWith: 'Bolt_5' } }, ['Bolt_50%']],
    ['startsWith with % is a literal', { name: { startsWith: '%' } }, []],
    ['isNull', { employees: { isNull: true } }, ['cargo']],
    ['isNull false', { tier: { isNull: false } }, ['Acme', 'Bolt_50%']],
    ['containsAny', { labels: { containsAny: ['RED', 'BLUE'] } }, ['Acme', 'Bolt_50%']],
    ['containsAll', { labels: { containsAll: ['RED', 'GREEN'] } }, ['Acme']],
    ['boolean', { active: { eq: false } }, ['Bolt_50%']],
    ['date range', { founded: { gte: '2010-01-01' } }, ['Bolt_50%']],
    ['json isNull', { meta: { isNull: false } }, ['Acme']],
    ['composite part', { address: { city: { eq: 'Berlin' } } }, ['Bolt_50%']],
    ['composite parts combined', { address: { city: { in: ['Paris', 'Berlin'] }, country: { eq: 'FR' } } }, ['Acme']],
    ['id', { id: { eq: '00000000-0000-0000-0000-000000000000' } }, []],
  ])('%s', async (_name, filter, expected) => {
    expect(await names(filter)).toEqual(expected);
  });

  test('createdAt as DateTime', async () => {
    expect(await names({ createdAt: { lt: '2000-01-01T00:00:00Z' } })).toEqual([]);
    expect((await names({ createdAt: { gt: '2000-01-01T00:00:00+02:00' } })).length).toBe(3);
  });
});

describe('and / or / not', () => {
  test.each([
    ['and', { and: [{ employees: { gt: 1 } }, { tier: { eq: 'SMB' } }] }, ['Bolt_50%']],
    ['or', { or: [{ name: { eq: 'Acme' } }, { employees: { isNull: true } }] }, ['Acme', 'cargo']],
    ['not keeps rows whose condition is null', { not: { employees: { gt: 100 } } }, ['Bolt_50%', 'cargo']],
    [
      'nested',
      { or: [{ and: [{ tier: { eq: 'SMB' } }, { active: { eq: false } }] }, { not: { rating: { lt: 5 } } }] },
      ['Acme', 'Bolt_50%'],
    ],
    ['empty or matches nothing', { or: [] }, []],
  ])('%s', async (_name, filter, expected) => {
    expect(await names(filter)).toEqual(expected);
  });
});

describe('relation filters', () => {
  test('many-to-one relation and companyId', async () => {
    const data = await kit.data(`{
      byName: people(filter: { company: { name: { eq: "Acme" } } }) { nodes { email } }
      byId: people(filter: { companyId: { eq: "${ids.bolt}" } }) { nodes { email } }
      none: people(filter: { companyId: { isNull: true } }) { totalCount }
    }`);
    expect(data).toEqual({
      byName: { nodes: [{ email: 'ann@acme.io' }] },
      byId: { nodes: [{ email: 'bob@bolt.de' }] },
      none: { totalCount: 0 },
    });
  });

  test('one-to-many: some related record matches', async () => {
    expect(await names({ people: { email: { ilike: '%@acme.io' } } })).toEqual(['Acme']);
    expect(await names({ opportunities: { amount: { amount: { gt: 500 } } } })).toEqual(['Bolt_50%']);
    expect(await names({ not: { people: {} } })).toEqual(['cargo']);
  });

  test('many-to-many both directions', async () => {
    const data = await kit.data(`{
      deals: opportunities(filter: { contacts: { fullName: { firstName: { eq: "Bob" } } } }) { nodes { title } }
      people(filter: { deals: { stage: { eq: WON } } }) { nodes { email } }
    }`);
    expect(data).toEqual({ deals: { nodes: [{ title: 'Deal 2' }] }, people: { nodes: [{ email: 'ann@acme.io' }] } });
  });
});

describe('soft delete', () => {
  test('deleted rows are hidden unless the filter mentions deletedAt', async () => {
    expect(await names({})).not.toContain('Gone');
    expect(await names({ deletedAt: { isNull: false } })).toEqual(['Gone']);
    const data = await kit.data(`{ company(id: "${ids.gone}") { name } }`);
    expect(data.company).toBeNull();
  });
});

describe('bad input', () => {
  test('invalid ids and cursors are BAD_USER_INPUT naming the field', async () => {
    const result = await kit.run('{ companies(filter: { id: { eq: "nope" } }) { totalCount } }');
    expect(result.errors?.[0]?.message).toMatch(/UUID/);
    expect(result.errors?.[0]?.originalError).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'filter.id.eq' },
    });
    const cursor = await kit.run('{ companies(after: "garbage") { totalCount } }');
    expect(cursor.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
  });

  test('filter values are bound parameters, never SQL', async () => {
    expect(await names({ name: { eq: "x' or 1=1 --" } })).toEqual([]);
    expect(await names({ name: { like: "%' or '1'='1" } })).toEqual([]);
  });

  test('a like pattern ending in a lone backslash is refused before any row is read', async () => {
    for (const [op, value] of [
      ['like', 'Acme\\'],
      ['ilike', '\\\\\\'],
    ] as const) {
      const result = await kit.run('query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', {
        f: { name: { [op]: value } },
      });
      expect(result.errors?.[0]?.originalError).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: `filter.name.${op}` },
      });
    }
    expect(await names({ name: { like: 'Acme\\\\%' } })).toEqual([]);
    expect(await names({ name: { startsWith: 'Acme\\' } })).toEqual([]);
  });
});
