import type { WriteContext } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from '../graphql/graphql-kit';
import { errorCode } from '../security/security-kit';

const USER = '0190a000-0000-7000-8000-0000000000a1';

interface Entry {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  actorKind: string;
  via: string;
  changes: { field: string; before: unknown; after: unknown }[];
}
interface History {
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

let kit: GraphqlKit;
let writer: WriteContext;

beforeAll(async () => {
  kit = await createGraphqlKit('history');
  writer = { snapshot: kit.snapshot, actor: { kind: 'user', id: USER, role: 'admin' }, via: 'studio' };
});
afterAll(() => kit?.close());

const HISTORY = `query($id: ID!, $first: Int, $after: String) {
  company(id: $id) {
    history(first: $first, after: $after) {
      edges { cursor node { id at action actorId actorKind via changes { field before after } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

async function history(id: string, first?: number, after?: string): Promise<History> {
  const data = await kit.data(HISTORY, { id, first, after });
  return (data.company as { history: History }).history;
}

describe('record history', () => {
  let id: string;

  test('create, update, delete and restore leave entries, newest first, with before/after of changed fields', async () => {
    const records = kit.context().records;
    const created = await records.create(writer, 'company', {
      name: 'Acme',
      tier: 'MID',
      address: { city: 'Lyon' },
    });
    id = created.id as string;
    await records.update(writer, 'company', id, { name: 'Acme 2', employees: 12 });
    await records.update(writer, 'company', id, { name: 'Acme 2' });
    await records.softDelete(writer, 'company', id);
    await records.restore(writer, 'company', id);
    await kit.data(`mutation($id: ID!) { updateCompany(id: $id, data: { address: { city: "Paris" } }) { id } }`, {
      id,
    });

    const { edges, pageInfo } = await history(id);
    expect(edges.map((e) => e.node.action)).toEqual(['UPDATED', 'RESTORED', 'DELETED', 'UPDATED', 'CREATED']);
    const [viaApi, restored, deleted, updated, createdEntry] = edges.map((e) => e.node);
    expect(viaApi).toMatchObject({ actorId: null, actorKind: 'system', via: 'api' });
    expect(viaApi?.changes).toEqual([
      {
        field: 'address',
        before: expect.objectContaining({ city: 'Lyon' }),
        after: expect.objectContaining({ city: 'Paris' }),
      },
    ]);
    expect(updated).toMatchObject({ actorId: USER, actorKind: 'user', via: 'studio' });
    expect(updated?.changes).toEqual([
      { field: 'employees', before: null, after: 12 },
      { field: 'name', before: 'Acme', after: 'Acme 2' },
    ]);
    expect(deleted?.changes).toEqual([{ field: 'deletedAt', before: null, after: expect.any(String) }]);
    expect(restored?.changes).toEqual([{ field: 'deletedAt', before: expect.any(String), after: null }]);
    // A create lists what it set (standard bookkeeping and null fields left out).
    expect(createdEntry?.changes.map((c) => c.field)).toEqual(['address', 'name', 'ownerId', 'tier']);
    expect(createdEntry?.changes.find((c) => c.field === 'tier')).toEqual({
      field: 'tier',
      before: null,
      after: 'MID',
    });
    expect(Number.isNaN(Date.parse(createdEntry?.at ?? ''))).toBe(false);
    expect(pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  test('pages follow the cursors without gaps or repeats', async () => {
    const all = (await history(id)).edges.map((e) => e.node.id);
    const first = await history(id, 2);
    expect(first.edges.map((e) => e.node.id)).toEqual(all.slice(0, 2));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.pageInfo.endCursor).toBe(first.edges[1]?.cursor);
    const second = await history(id, 2, first.pageInfo.endCursor ?? undefined);
    expect(second.edges.map((e) => e.node.id)).toEqual(all.slice(2, 4));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const last = await history(id, 2, second.pageInfo.endCursor ?? undefined);
    expect(last.edges.map((e) => e.node.id)).toEqual(all.slice(4));
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect((await history(id, 0)).edges).toEqual([]);
  });

  test('a cursor that is not a history cursor is refused naming `after`', async () => {
    const result = await kit.run(HISTORY, { id, after: Buffer.from('["x"]').toString('base64') });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/^after /);
    // Refused by the cost rule before execution; the compiler would refuse it too.
    expect(errorCode(await kit.run(HISTORY, { id, first: 100_000 }))).toBe('VALIDATION');
    expect(errorCode(await kit.run(HISTORY, { id, first: -1 }))).toBe('BAD_USER_INPUT');
  });

  test('a cursor of another record matches nothing there', async () => {
    const other = await kit.context().records.create(writer, 'company', { name: 'Other' });
    const foreign = (await history(id, 1)).pageInfo.endCursor ?? '';
    expect((await history(other.id as string, 5, foreign)).edges).toEqual([]);
  });
});

describe('history inside lists stays one statement', () => {
  const LIST = `query($first: Int!) {
    people(first: $first, orderBy: [{ email: AscNullsLast }]) {
      nodes { email history(first: 3) { nodes { action changes { field after } } } company { name history { nodes { action } } } }
    }
  }`;

  test('the statement count is the same for 5 and 20 records with history selected', async () => {
    const records = kit.context().records;
    const company = await records.create(writer, 'company', { name: 'Hub' });
    const people = await records.createMany(
      writer,
      'person',
      Array.from({ length: 20 }, (_, i) => ({ email: `p${String(i).padStart(2, '0')}@hub.io`, companyId: company.id })),
    );
    for (const person of people) await records.update(writer, 'person', person.id as string, { score: 3 });

    const before5 = kit.statements();
    const five = await kit.data(LIST, { first: 5 });
    const count5 = kit.statements() - before5;
    const before20 = kit.statements();
    const twenty = await kit.data(LIST, { first: 20 });
    const count20 = kit.statements() - before20;

    type Row = { history: { nodes: { action: string; changes: { field: string; after: unknown }[] }[] } };
    const nodes = (data: Record<string, unknown>) => (data.people as { nodes: Row[] }).nodes;
    expect(nodes(five)).toHaveLength(5);
    expect(nodes(twenty)).toHaveLength(20);
    expect(nodes(twenty).every((n) => n.history.nodes.map((e) => e.action).join() === 'UPDATED,CREATED')).toBe(true);
    expect(nodes(twenty)[0]?.history.nodes[0]?.changes).toEqual([{ field: 'score', after: 3 }]);
    expect(count5).toBe(1);
    expect(count20).toBe(count5);
  });
});
