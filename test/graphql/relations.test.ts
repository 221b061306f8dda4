import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';

let kit: GraphqlKit;
const ids: Record<string, string> = {};

/** Seeds `count` opportunities, each with its own company of 4 people. */
async function seedBoard(count: number, stage: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const company = await kit.insert('company', { name: `${stage} company ${i}` });
    const people: string[] = [];
    for (let p = 0; p < 4; p++) {
      people.push(
        await kit.insert('person', {
          email: `p${p}@${stage}${i}.io`,
          fullName: { firstName: `P${p}`, lastName: 'X' },
          companyId: company,
        }),
      );
    }
    await kit.insert('opportunity', {
      title: `${stage} ${i}`,
      stage,
      amount: { amount: i * 10, currencyCode: 'EUR' },
      companyId: company,
      contactsIds: people.slice(0, 2),
    });
  }
}

beforeAll(async () => {
  kit = await createGraphqlKit('relations');
  ids.acme = await kit.insert('company', { name: 'Acme' });
  ids.ann = await kit.insert('person', { email: 'ann@acme.io', companyId: ids.acme, score: 3 });
  ids.bob = await kit.insert('person', { email: 'bob@acme.io', companyId: ids.acme, score: 9 });
  ids.cid = await kit.insert('person', { email: 'cid@acme.io', companyId: ids.acme, score: null });
  ids.old = await kit.insert('person', {
    email: 'old@acme.io',
    companyId: ids.acme,
    deletedAt: '2024-01-01T00:00:00Z',
  });
  ids.deal = await kit.insert('opportunity', { title: 'Deal', companyId: ids.acme, contactsIds: [ids.ann, ids.bob] });
  await seedBoard(5, 'NEW');
  await seedBoard(50, 'WON');
});
afterAll(() => kit?.close());

describe('nested relations', () => {
  test('one-to-many with its own filter, orderBy, first and totalCount', async () => {
    const data = await kit.data(`{
      company(id: "${ids.acme}") {
        name
        top: people(orderBy: [{ score: DescNullsLast }], first: 2) {
          totalCount
          nodes { email score }
          pageInfo { hasNextPage }
        }
        low: people(filter: { score: { lt: 5 } }) { nodes { email } }
        deleted: people(filter: { deletedAt: { isNull: false } }) { nodes { email deletedAt } }
      }
    }`);
    expect(data.company).toEqual({
      name: 'Acme',
      top: {
        totalCount: 3,
        nodes: [
          { email: 'bob@acme.io', score: 9 },
          { email: 'ann@acme.io', score: 3 },
        ],
        pageInfo: { hasNextPage: true },
      },
      low: { nodes: [{ email: 'ann@acme.io' }] },
      deleted: { nodes: [{ email: 'old@acme.io', deletedAt: '2024-01-01T00:00:00.000Z' }] },
    });
  });

  test('nested pages follow their cursors', async () => {
    const query = `query($after: String) { company(id: "${ids.acme}") { people(first: 2, after: $after, orderBy: [{ email: AscNullsLast }]) { edges { cursor node { email } } pageInfo { hasNextPage endCursor } } } }`;
    const first = (await kit.data(query)).company as { people: { pageInfo: { endCursor: string } } };
    const second = await kit.data(query, { after: first.people.pageInfo.endCursor });
    expect(second).toMatchObject({
      company: { people: { edges: [{ node: { email: 'cid@acme.io' } }], pageInfo: { hasNextPage: false } } },
    });
  });

  test('many-to-one, back to one-to-many, and many-to-many both ways', async () => {
    const data = await kit.data(`{
      opportunity(id: "${ids.deal}") {
        title
        companyId
        company { name opportunities { totalCount nodes { title } } }
        contacts(orderBy: [{ email: DescNullsLast }]) { totalCount nodes { email deals { nodes { title } } } }
      }
    }`);
    expect(data.opportunity).toEqual({
      title: 'Deal',
      companyId: ids.acme,
      company: { name: 'Acme', opportunities: { totalCount: 1, nodes: [{ title: 'Deal' }] } },
      contacts: {
        totalCount: 2,
        nodes: [
          { email: 'bob@acme.io', deals: { nodes: [{ title: 'Deal' }] } },
          { email: 'ann@acme.io', deals: { nodes: [{ title: 'Deal' }] } },
        ],
      },
    });
  });

  test('fragments, inline fragments, aliases, @skip and @include', async () => {
    const data = await kit.data(
      `query($withEmail: Boolean!, $skipName: Boolean!) {
        company(id: "${ids.acme}") {
          ...Names
          ... on Company { label: name @skip(if: $skipName) }
          people(first: 1, orderBy: [{ email: AscNullsLast }]) { nodes { email @include(if: $withEmail) __typename } }
          __typename
        }
      }
      fragment Names on Company { name id }`,
      { withEmail: true, skipName: true },
    );
    expect(data.company).toEqual({
      name: 'Acme',
      id: ids.acme,
      people: { nodes: [{ email: 'ann@acme.io', __typename: 'Person' }] },
      __typename: 'Company',
    });
  });
});

const BOARD = `query($stage: OpportunityStage!) {
  opportunities(filter: { stage: { eq: $stage } }, orderBy: [{ amount: DescNullsLast }], first: 50) {
    totalCount
    edges { node { id title amount { amount currencyCode } company { name people(first: 3) { nodes { email } } } contacts { nodes { email } } } }
  }
}`;

test('statement count does not grow with rows (5 vs 50 with nested relations)', async () => {
  const before5 = kit.statements();
  const small = await kit.data(BOARD, { stage: 'NEW' });
  const count5 = kit.statements() - before5;
  const before50 = kit.statements();
  const large = await kit.data(BOARD, { stage: 'WON' });
  const count50 = kit.statements() - before50;

  const edges = (data: Record<string, unknown>) =>
    (data.opportunities as { edges: { node: { company: { people: { nodes: unknown[] } } } }[] }).edges;
  expect(edges(small)).toHaveLength(5);
  expect(edges(large)).toHaveLength(50);
  expect(edges(large).every((e) => e.node.company.people.nodes.length === 3)).toBe(true);
  expect(count5).toBe(1);
  expect(count50).toBe(count5);
});
