import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, expectLikeUnknown, expectRefused, type HttpSecurityKit } from './http-kit';

// Saved views through /graphql: someone else's views, shared views, hidden objects and fields.

let kit: HttpSecurityKit;
let shared: string;
let adminPersonal: string;

const CREATE = 'mutation($i: CreateViewInput!) { createView(input: $i) { id } }';
const UPDATE = 'mutation($id: ID!) { updateView(id: $id, input: { name: "hijacked" }) { id } }';
const DELETE = 'mutation($id: ID!) { deleteView(id: $id) }';
const MISSING = '0190a000-0000-7000-8000-0000000000ff';

const viewRows = async () => (await kit.server.database.opened.db.query('select * from relata.views order by id')).rows;

beforeAll(async () => {
  kit = await createHttpSecurityKit();
  const create = async (input: Record<string, unknown>) =>
    dataOf(await kit.server.gql<{ createView: { id: string } }>(CREATE, { i: input }), 'view').createView.id;
  shared = await create({
    object: 'account',
    name: 'Big secrets',
    kind: 'TABLE',
    shared: true,
    settings: {
      filter: { secret: { eq: 'quokka-acme' } },
      columns: [{ field: 'name' }, { field: 'secret' }],
      orderBy: [{ field: 'revenue', direction: 'DescNullsLast' }],
    },
  });
  adminPersonal = await create({ object: 'account', name: 'Admin only', kind: 'TABLE' });
  await create({ object: 'memo', name: 'Board memos', kind: 'TABLE', shared: true });
});
afterAll(() => kit?.close());

describe("other people's views", () => {
  test('the agent lists shared views and its own, never the admin’s personal ones', async () => {
    const listed = dataOf(await kit.gql<{ views: { id: string }[] }>('{ views(object: "account") { id } }'), 'views');
    expect(listed.views.map((v) => v.id)).toEqual([shared]);
  });

  test('shared views cannot be created, changed or deleted by a non-admin: FORBIDDEN (403)', async () => {
    const before = await viewRows();
    const input = { object: 'account', name: 'Mine for all', kind: 'TABLE', shared: true };
    expectRefused(await kit.gql(CREATE, { i: input }), 'FORBIDDEN', 403);
    expectRefused(await kit.gql(UPDATE, { id: shared }), 'FORBIDDEN', 403);
    expectRefused(await kit.gql(DELETE, { id: shared }), 'FORBIDDEN', 403);
    expect(await viewRows()).toEqual(before);
  });

  test("someone else's personal view, a foreign workspace's view and a missing id: the same NOT_FOUND", async () => {
    const before = await viewRows();
    for (const [id, token] of [
      [adminPersonal, kit.agent.token],
      [MISSING, kit.agent.token],
      [shared, kit.other.adminKey],
    ] as const) {
      for (const document of [UPDATE, DELETE]) {
        const result = await kit.gql(document, { id }, token);
        expectRefused(result, 'NOT_FOUND', 200);
        expect(result.errors?.[0]?.message).toBe(`No view ${id}; list the object's views for valid ids.`);
      }
    }
    expect(await viewRows()).toEqual(before);
  });

  test('views of a hidden object are refused like those of an unknown object', async () => {
    await expectLikeUnknown(kit, { query: '{ views(object: "memo") { id } }' }, 'memo', 200);
  });
});

describe('hidden fields in views', () => {
  type Listed = { id: string; name: string; settings: Record<string, unknown>; restricted: boolean };
  const listed = async (object: string, token?: string) =>
    dataOf(
      await kit.gql<{ views: Listed[] }>(
        'query($o: String!) { views(object: $o) { id name settings restricted } }',
        { o: object },
        token,
      ),
      'views',
    ).views;
  const byName = (views: Listed[], name: string) => views.find((v) => v.name === name);

  test('found and fixed: a shared view shows a non-admin no hidden field name or value', async () => {
    // Before the fix, `views` returned a shared view's settings as stored: the agent read the
    // hidden field names and the filter value "quokka-acme" of `secret`.
    // (Not `name`: the admin called the view "Big secrets", which is no field of anything.)
    const result = await kit.gql('{ views(object: "account") { settings restricted } }');
    expect(JSON.stringify(result.data)).not.toMatch(/secret|revenue|quokka/);
    // What the role reads stays; the filter naming `secret` goes whole, and the view says so.
    expect(byName(await listed('account'), 'Big secrets')).toMatchObject({
      settings: { filter: null, columns: [{ field: 'name' }], orderBy: [] },
      restricted: true,
    });
  });

  test('the admin still gets the shared view exactly as saved', async () => {
    expect(byName(await listed('account', kit.server.adminToken), 'Big secrets')).toMatchObject({
      settings: {
        filter: { secret: { eq: 'quokka-acme' } },
        columns: [{ field: 'name' }, { field: 'secret' }],
        orderBy: [{ field: 'revenue', direction: 'DescNullsLast' }],
      },
      restricted: false,
    });
  });

  test.each([
    [
      'inside and/or/not',
      { or: [{ title: { eq: 'x' } }, { and: [{ not: { account: { secret: { eq: 'quokka-acme' } } } }] }] },
    ],
    ['through a relation filter', { account: { revenue: { gt: 500 } } }],
    [
      'a hidden field next to readable ones',
      { title: { eq: 'x' }, account: { name: { eq: 'Acme' }, secret: { eq: 'quokka-acme' } } },
    ],
    ['a field that does not exist', { account: { nothingHere: { eq: 'quokka-acme' } } }],
  ])('a shared filter naming a hidden field %s is left out whole', async (what, filter) => {
    const name = `Deals ${what}`;
    await kit.adminData(CREATE, { i: { object: 'deal', name, kind: 'TABLE', shared: true, settings: { filter } } });
    const view = byName(await listed('deal'), name);
    expect(view).toMatchObject({ settings: { filter: null }, restricted: true });
    expect(JSON.stringify(view)).not.toMatch(/secret|revenue|quokka|nothingHere/);
  });

  test('a shared filter on readable fields only (also through a relation) is shown as saved', async () => {
    const filter = { and: [{ title: { eq: 'ok' } }, { not: { account: { name: { eq: 'Acme' } } } }] };
    const input = {
      object: 'deal',
      name: 'Readable deals',
      kind: 'KANBAN',
      shared: true,
      settings: { filter, columns: [{ field: 'title' }, { field: 'account' }], groupBy: 'title', sumField: 'amount' },
    };
    await kit.adminData(CREATE, { i: input });
    expect(byName(await listed('deal'), 'Readable deals')).toMatchObject({
      settings: { filter, columns: [{ field: 'title' }, { field: 'account' }], groupBy: 'title', sumField: 'amount' },
      restricted: false,
    });
  });

  test('hidden groupBy and sumField are left out; the view is marked restricted', async () => {
    const input = {
      object: 'account',
      name: 'Board',
      kind: 'KANBAN',
      shared: true,
      settings: { groupBy: 'secret', sumField: 'revenue', columns: [{ field: 'tier' }] },
    };
    await kit.adminData(CREATE, { i: input });
    const view = byName(await listed('account'), 'Board');
    expect(view).toMatchObject({
      settings: { groupBy: null, sumField: null, columns: [{ field: 'tier' }] },
      restricted: true,
    });
    expect(JSON.stringify(view)).not.toMatch(/secret|revenue/);
  });

  test('found and fixed: a personal view naming a hidden field is refused like one naming an unknown field', async () => {
    // Before the fix, checkSettingsFields accepted hidden `secret` but refused an unknown name.
    const probe = (settings: Record<string, unknown>) => ({
      query: CREATE,
      variables: { i: { object: 'account', name: 'Probe', kind: 'TABLE', settings } },
    });
    const before = await viewRows();
    await expectLikeUnknown(kit, probe({ columns: [{ field: 'secret' }] }), 'secret', 200);
    await expectLikeUnknown(kit, probe({ orderBy: [{ field: 'revenue', direction: 'AscNullsLast' }] }), 'revenue', 200);
    await expectLikeUnknown(kit, probe({ groupBy: 'secret' }), 'secret', 200);
    await expectLikeUnknown(kit, probe({ sumField: 'revenue' }), 'revenue', 200);
    expect(await viewRows()).toEqual(before);
  });

  test('changing an own view to name a hidden field is refused like an unknown field', async () => {
    const own = dataOf(
      await kit.gql<{ createView: { id: string } }>(CREATE, {
        i: { object: 'account', name: 'Mine', kind: 'TABLE', settings: { columns: [{ field: 'name' }] } },
      }),
      'own view',
    ).createView.id;
    const change = 'mutation($id: ID!, $s: JSON) { updateView(id: $id, input: { settings: $s }) { id } }';
    const before = await viewRows();
    await expectLikeUnknown(
      kit,
      { query: change, variables: { id: own, s: { columns: [{ field: 'secret' }] } } },
      'secret',
      200,
    );
    expect(await viewRows()).toEqual(before);
  });
});
