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
  // STILL OPEN (reported): `views` returns a shared view's settings as stored, so the agent reads
  // the hidden field names and the filter value "quokka-acme" of `secret`. Cause: listViews
  // (core/src/views/view-service.ts) and the `settings` field (core/src/schema/view-fields.ts)
  // do not drop what the caller's role hides (filter keys, columns, orderBy, groupBy, sumField).
  test.fails('a shared view shows a non-admin no hidden field name or value', async () => {
    const result = await kit.gql('{ views(object: "account") { name settings } }');
    expect(JSON.stringify(result.data)).not.toMatch(/secret|revenue|quokka/);
  });

  // STILL OPEN (reported): checkSettingsFields (core/src/views/view-input.ts) checks names against
  // every field of the object, not the role's readable ones (view-fields.ts `scope()` filters the
  // objects only), so a column naming hidden `secret` is accepted while an unknown name is
  // BAD_USER_INPUT: an oracle for hidden field names.
  test.fails('a personal view naming a hidden field is refused like one naming an unknown field', async () => {
    const probe = (field: string) => ({
      query: CREATE,
      variables: { i: { object: 'account', name: 'Probe', kind: 'TABLE', settings: { columns: [{ field }] } } },
    });
    await expectLikeUnknown(kit, probe('secret'), 'secret', 200);
  });
});
