import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, expectLikeUnknown, expectRefused, type HttpSecurityKit } from './http-kit';

// Writes role `agent` may not make: system fields, prototype keys, hidden fields, records out of its
// scope or of another workspace, rights it lacks, stale versions. Each leaves every row as it was.

let kit: HttpSecurityKit;
beforeAll(async () => {
  kit = await createHttpSecurityKit();
});
afterAll(() => kit?.close());

const UPDATE_ACCOUNT = 'mutation($id: ID!, $d: AccountUpdateInput!) { updateAccount(id: $id, data: $d) { id } }';
const CREATE_DEAL = 'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }';
const UPDATE_DEAL = 'mutation($id: ID!, $d: DealUpdateInput!) { updateDeal(id: $id, data: $d) { id ownerId } }';

describe('system fields, prototype keys and hidden fields cannot be written', () => {
  test.each([
    ['id', '0190a000-0000-7000-8000-0000000000aa'],
    ['createdBy', '0190a000-0000-7000-8000-0000000000aa'],
    ['updatedBy', '0190a000-0000-7000-8000-0000000000aa'],
    ['createdAt', '2000-01-01T00:00:00Z'],
    ['version', 99],
    ['deletedAt', '2000-01-01T00:00:00Z'],
    ['search', 'x'],
    ['__proto__', { polluted: true }],
    ['constructor', { prototype: { polluted: true } }],
  ])('%s in update or create input: BAD_USER_INPUT (400) naming it, nothing written', async (key, value) => {
    await kit.expectNothingChanged(async () => {
      // JSON.parse keeps `__proto__` as an own key, as it arrives from the network.
      const data = JSON.parse(
        JSON.stringify({ name: 'pwned' }).replace('{', `{${JSON.stringify(key)}:${JSON.stringify(value)},`),
      );
      const update = await kit.gql(UPDATE_ACCOUNT, { id: kit.ids.acme, d: data });
      expectRefused(update, 'BAD_USER_INPUT', 400);
      expect(update.errors?.[0]?.message).toContain(`"AccountUpdateInput" not to include unknown field "${key}"`);
      const create = await kit.gql(CREATE_DEAL, { d: { ...data, title: 'pwned' } });
      expectRefused(create, 'BAD_USER_INPUT', 400);
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('system fields written inline in the document: BAD_USER_INPUT (200)', async () => {
    await kit.expectNothingChanged(async () => {
      const result = await kit.gql(
        `mutation { updateAccount(id: "${kit.ids.acme}", data: { version: 1, deletedAt: null }) { id } }`,
      );
      expectRefused(result, 'BAD_USER_INPUT', 200);
    });
  });

  test('a hidden (or read-only) field cannot be written, answered like an unknown field', async () => {
    await kit.expectNothingChanged(async () => {
      await expectLikeUnknown(
        kit,
        { query: UPDATE_ACCOUNT, variables: { id: kit.ids.acme, d: { secret: 'x' } } },
        'secret',
        400,
      );
      await expectLikeUnknown(
        kit,
        { query: `mutation { updateAccount(id: "${kit.ids.acme}", data: { revenue: 1 }) { id } }` },
        'revenue',
        200,
      );
    });
  });

  test('prototype keys inside a JSON field stay plain data and pollute nothing', async () => {
    const meta = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}');
    const result = await kit.gql<{ updateAccount: { meta: unknown } }>(
      'mutation($id: ID!, $d: AccountUpdateInput!) { updateAccount(id: $id, data: $d) { meta } }',
      { id: kit.ids.cargo, d: { meta } },
    );
    expect(JSON.stringify(dataOf(result, 'meta').updateAccount.meta)).toBe(JSON.stringify(meta));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const stored = (await kit.rows('account')).find((row) => row.id === kit.ids.cargo);
    expect(stored?.meta).toEqual(meta);
  });
});

describe('ownership and scope', () => {
  test('an own-records role cannot create or move a record to another owner: FORBIDDEN (403)', async () => {
    const stranger = '0190a000-0000-7000-8000-0000000000b2';
    await kit.expectNothingChanged(async () => {
      expectRefused(await kit.gql(CREATE_DEAL, { d: { title: 'gift', ownerId: stranger } }), 'FORBIDDEN', 403);
      expectRefused(await kit.gql(UPDATE_DEAL, { id: kit.ids.agentDeal, d: { ownerId: stranger } }), 'FORBIDDEN', 403);
      expectRefused(await kit.gql(UPDATE_DEAL, { id: kit.ids.agentDeal, d: { ownerId: null } }), 'FORBIDDEN', 403);
    });
  });

  test('an update moving a record out of the scope is FORBIDDEN (403) and rolled back', async () => {
    await kit.expectNothingChanged(async () => {
      const result = await kit.gql(UPDATE_ACCOUNT, { id: kit.ids.cargo, d: { tier: 'BRONZE', name: 'Gone' } });
      expectRefused(result, 'FORBIDDEN', 403);
    });
  });

  test('updating an out-of-scope, foreign-workspace or missing record: the same NOT_FOUND (200)', async () => {
    const missing = '0190a000-0000-7000-8000-0000000000ff';
    await kit.expectNothingChanged(async () => {
      for (const [query, id, data] of [
        [UPDATE_ACCOUNT, kit.ids.bolt, { name: 'pwned' }],
        [UPDATE_ACCOUNT, kit.other.account, { name: 'pwned' }],
        [UPDATE_ACCOUNT, missing, { name: 'pwned' }],
        [UPDATE_DEAL, kit.ids.adminDeal, { title: 'pwned' }],
      ] as const) {
        const result = await kit.gql(query, { id, d: data });
        expectRefused(result, 'NOT_FOUND', 200);
        expect(result.errors?.[0]?.message).toMatch(
          /^No (account|deal) with id [0-9a-f-]+ exists \(or it is deleted\)\.$/,
        );
      }
    });
  });

  test('found and fixed: linking to an out-of-scope or foreign record is refused like a missing one', async () => {
    // Before the fix, createDeal linked to Bolt (out of the agent's scope) succeeded while a random
    // id was BAD_USER_INPUT: an existence oracle, and a write reaching a hidden record.
    await kit.expectNothingChanged(async () => {
      for (const accountId of [kit.ids.bolt, kit.other.account, '0190a000-0000-7000-8000-0000000000ff']) {
        const created = await kit.gql(CREATE_DEAL, { d: { title: 'probe', accountId } });
        expectRefused(created, 'BAD_USER_INPUT', 200);
        expect(created.errors?.[0]).toMatchObject({
          message: `No account with id ${accountId} exists (or it was deleted); give the id of an existing account.`,
          extensions: { code: 'BAD_USER_INPUT', field: 'data.accountId' },
        });
        const updated = await kit.gql(UPDATE_DEAL, { id: kit.ids.agentDeal, d: { accountId } });
        expect(updated.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'data.accountId' });
      }
    });
    // An in-scope account links fine.
    const ok = await kit.gql(UPDATE_DEAL, { id: kit.ids.agentDeal, d: { accountId: kit.ids.cargo } });
    expect(ok.errors).toBeUndefined();
    await kit.gql(UPDATE_DEAL, { id: kit.ids.agentDeal, d: { accountId: kit.ids.acme } });
  });
});

describe('owners must be active members of the workspace', () => {
  const CREATE_ACCOUNTS = 'mutation($d: [AccountCreateInput!]!) { createAccounts(data: $d) { id ownerId } }';
  const newUser = async (workspace: string, email: string) =>
    (
      await createUser(kit.server.database.opened.db, {
        workspace,
        email,
        password: 'long enough password',
        role: 'admin',
      })
    ).id;

  test('found and fixed: an ownerId of no member, of another workspace or of a deactivated user is BAD_USER_INPUT naming it', async () => {
    // Before the fix, ownerId took any uuid: a user of another workspace, or no user at all.
    const outsider = await newUser('secother', 'outsider@secother.test');
    const former = await newUser('sechttp', 'former@sechttp.test');
    await kit.server.database.opened.db.query('update relata.users set is_active = false where id = $1', [former]);
    const nobody = '0190a000-0000-7000-8000-0000000000c3';
    await kit.expectNothingChanged(async () => {
      for (const owner of [nobody, outsider, former]) {
        const message = `data.ownerId: no member of this workspace has id ${owner}; give a member's user id, or null.`;
        const updated = await kit.gql(UPDATE_ACCOUNT, { id: kit.ids.cargo, d: { ownerId: owner } });
        expectRefused(updated, 'BAD_USER_INPUT', 200);
        expect(updated.errors?.[0]).toMatchObject({
          message,
          extensions: { code: 'BAD_USER_INPUT', field: 'data.ownerId' },
        });
        const bulk = await kit.server.gql(CREATE_ACCOUNTS, {
          d: [
            { name: 'ok', ownerId: kit.agent.id },
            { name: 'bad', ownerId: owner },
          ],
        });
        expectRefused(bulk, 'BAD_USER_INPUT', 200);
        expect(bulk.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'data[1].ownerId' });
      }
    });
  });

  test('a member, or null, is a fine owner; an owner who left stays on records that keep it', async () => {
    const member = await newUser('sechttp', 'member@sechttp.test');
    const created = dataOf(
      await kit.server.gql<{ createAccounts: { id: string; ownerId: string }[] }>(CREATE_ACCOUNTS, {
        d: [
          { name: 'Kept', tier: 'GOLD', ownerId: member },
          { name: 'Agent owned', tier: 'GOLD', ownerId: kit.agent.id },
        ],
      }),
      'bulk create',
    ).createAccounts;
    expect(created.map((a) => a.ownerId)).toEqual([member, kit.agent.id]);
    const kept = created[0]!.id;
    expect(dataOf(await kit.gql(UPDATE_ACCOUNT, { id: kept, d: { ownerId: null } }), 'no owner')).toBeTruthy();
    expect(dataOf(await kit.gql(UPDATE_ACCOUNT, { id: kept, d: { ownerId: member } }), 'member owner')).toBeTruthy();
    await kit.server.database.opened.db.query('update relata.users set is_active = false where id = $1', [member]);
    // Saving the record back with its owner unchanged works; giving it to the former member again does not.
    const same = await kit.gql(UPDATE_ACCOUNT, { id: kept, d: { name: 'Kept still', ownerId: member } });
    expect(same.errors).toBeUndefined();
    const moved = await kit.gql(UPDATE_ACCOUNT, { id: created[1]!.id, d: { ownerId: member } });
    expect(moved.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'data.ownerId' });
  });
});

describe('rights the role lacks and stale versions', () => {
  test.each([
    ['delete', `mutation { deleteDeal(id: "ID") { id } }`, 'deleteDeal'],
    ['restore', `mutation { restoreDeal(id: "ID") { id } }`, 'restoreDeal'],
    ['hard delete', `mutation { destroyDeal(id: "ID") }`, 'destroyDeal'],
    ['create without the right', `mutation { createAccount(data: { name: "x" }) { id } }`, 'createAccount'],
    ['delete an account', `mutation { deleteAccount(id: "ID") { id } }`, 'deleteAccount'],
  ])('%s: the mutation does not exist for the role (BAD_USER_INPUT, 200)', async (_what, query, name) => {
    await kit.expectNothingChanged(async () => {
      await expectLikeUnknown(kit, { query: query.replace('ID', kit.ids.agentDeal) }, name, 200);
    });
  });

  test('a stale expectedVersion is CONFLICT (200) naming the versions; nothing is written', async () => {
    const before = (await kit.rows('account')).find((row) => row.id === kit.ids.cargo);
    await kit.expectNothingChanged(async () => {
      const result = await kit.gql(
        'mutation($id: ID!, $v: Int) { updateAccount(id: $id, data: { name: "late" }, expectedVersion: $v) { id } }',
        { id: kit.ids.cargo, v: (before?.version as number) - 1 },
      );
      expectRefused(result, 'CONFLICT', 200);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        field: 'expectedVersion',
        currentVersion: before?.version,
        expectedVersion: (before?.version as number) - 1,
      });
    });
  });

  test('text holding NUL is BAD_USER_INPUT, not an internal error', async () => {
    await kit.expectNothingChanged(async () => {
      expectRefused(await kit.gql(CREATE_DEAL, { d: { title: 'a\u0000b' } }), 'BAD_USER_INPUT', 200);
      const json = await kit.gql(UPDATE_ACCOUNT, { id: kit.ids.cargo, d: { meta: { note: 'a\u0000b' } } });
      expectRefused(json, 'BAD_USER_INPUT', 200);
    });
  });
});
