import {
  createIndexService,
  createView,
  type IndexService,
  loadSnapshot,
  UNRESTRICTED,
  type Workspace,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';
import { createIndexedWorkspace, DEAL_OBJECT, physicalIndex, refusal } from './indexed-workspace';

let fx: MetadataFixture;
let ws: Workspace;
let indexes: IndexService;

beforeAll(async () => {
  fx = await createMetadataFixture();
  indexes = createIndexService({ db: fx.db });
  ws = await createIndexedWorkspace(fx);
});
afterAll(async () => {
  await fx.test.drop();
});

const pgIndex = (name: string) => physicalIndex(fx, name);

const BOARD = {
  name: 'board',
  keys: [
    { field: 'stage', direction: 'AscNullsLast' },
    { field: 'amount', direction: 'DescNullsLast' },
    { field: 'id', direction: 'AscNullsLast' },
  ],
  filter: { stage: { in: ['WON', "O'PEN"] } },
};

describe('declared indexes', () => {
  test('a dry run shows the concurrent build and changes nothing', async () => {
    const dry = await indexes.create(ws.id, 'opportunity', BOARD, { dryRun: true });
    expect(dry.applied).toBe(false);
    expect(dry.plan).toEqual([
      `create index concurrently "opportunities__board" on "ws_indexed"."opportunities" ("stage" asc nulls last, "amount_amount" desc nulls last, "id" asc nulls last) where "opportunities"."deleted_at" is null and "opportunities"."stage" = any(array['WON', 'O''PEN']::text[])`,
    ]);
    expect(dry.index).toMatchObject({ name: 'board', status: 'BUILDING', keys: BOARD.keys });
    expect(await indexes.list(ws.id, 'opportunity')).toEqual([]);
    expect(await pgIndex('opportunities__board')).toBeNull();
  });

  test('builds concurrently, valid, listed with its size and use', async () => {
    const change = await indexes.create(ws.id, 'opportunity', BOARD);
    expect(change).toMatchObject({ applied: true, index: { status: 'VALID', error: null } });
    const built = await pgIndex('opportunities__board');
    expect(built?.valid).toBe(true);
    expect(built?.def).toContain('(stage, amount_amount DESC NULLS LAST, id)');
    expect(built?.def).toContain(`WHERE ((deleted_at IS NULL) AND (stage = ANY (ARRAY['WON'::text, 'O''PEN'::text])))`);
    const [listed] = await indexes.list(ws.id, 'opportunity');
    expect(listed).toMatchObject({ name: 'board', indexName: 'opportunities__board', unique: false, scans: 0 });
    expect(listed?.sizeBytes).toBeGreaterThan(0);

    // A query the index serves counts as its scan once the backend reports its statistics.
    await fx.db.session(async (session) => {
      await session.query('set enable_seqscan = off');
      await session.query(
        `select id from ws_indexed.opportunities where deleted_at is null and stage = 'WON' order by amount_amount desc nulls last, id limit 5`,
      );
      await session.query('select pg_stat_force_next_flush()');
      await session.query('select 1');
    });
    const [used] = await indexes.list(ws.id, 'opportunity');
    expect(used?.scans).toBeGreaterThan(0);
  });

  test('keys and filters are checked: sortable own fields, no related records, values of the column type', async () => {
    const create = (input: Record<string, unknown>) => refusal(indexes.create(ws.id, 'opportunity', input));
    expect(await create({ name: 'x', keys: [{ field: 'nope' }] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.keys.0.field',
    });
    expect(await create({ name: 'x', keys: [{ field: 'company' }] })).toMatchObject({ field: 'input.keys.0.field' });
    expect(await create({ name: 'x', keys: [{ field: 'title' }, { field: 'title' }] })).toMatchObject({
      field: 'input.keys.1.field',
    });
    expect(
      await create({ name: 'x', keys: [{ field: 'title' }], filter: { company: { name: { eq: 'A' } } } }),
    ).toMatchObject({ field: 'input.filter.company' });
    expect(
      await create({ name: 'x', keys: [{ field: 'title' }], filter: { amount: { amount: { gt: 'lots' } } } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.filter' });
    expect(await create({ name: 'board', keys: [{ field: 'title' }] })).toMatchObject({
      code: 'CONFLICT',
      field: 'input.name',
    });
    expect(await create({ name: 'Bad-name', keys: [{ field: 'title' }] })).toMatchObject({ field: 'input.name' });
    await fx.metadata.createField(ws.id, 'opportunity', {
      name: 'isWon',
      label: 'Won',
      type: 'FORMULA',
      formula: { expression: "stage='WON'", resultType: 'BOOLEAN' },
    });
    expect(await create({ name: 'x', keys: [{ field: 'isWon' }] })).toMatchObject({ field: 'input.keys.0.field' });
    expect(await create({ name: 'x', keys: [{ field: 'title' }], filter: { isWon: { eq: true } } })).toMatchObject({
      field: 'input.filter.isWon',
    });
    await fx.metadata.deleteField(ws.id, 'opportunity', 'isWon');
    expect(await refusal(indexes.create(ws.id, 'nothing', { name: 'x', keys: [{ field: 'id' }] }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  test('a unique index is refused while live records share its keys, and then holds for writes', async () => {
    const refused = await refusal(
      indexes.create(
        ws.id,
        'opportunity',
        { name: 'oneCode', keys: [{ field: 'code' }], unique: true },
        { dryRun: true },
      ),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.unique' });
    expect(refused.message).toContain('50 sets of Opportunities');

    await indexes.create(ws.id, 'opportunity', { name: 'oneTitle', keys: [{ field: 'title' }], unique: true });
    // Soft-deleted records are out of it, as they are out of every list.
    await fx.db.query(
      `insert into ws_indexed.opportunities (id, title, deleted_at) values ('0190a000-0000-7000-8000-00000000ffff', 'Deal 1', now())`,
    );
    const duplicate = fx.db.query(
      `insert into ws_indexed.opportunities (id, title) values ('0190a000-0000-7000-8000-00000000fffe', 'Deal 1')`,
    );
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
  });

  test('a case-insensitive unique key keys lower(column): the same text in another case is a duplicate', async () => {
    const refused = await refusal(
      indexes.create(ws.id, 'opportunity', {
        name: 'foldedAmount',
        keys: [{ field: 'amount', caseInsensitive: true }],
      }),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keys.0.caseInsensitive' });
    await indexes.create(ws.id, 'company', {
      name: 'oneName',
      keys: [{ field: 'name', caseInsensitive: true }],
      unique: true,
    });
    const listed = (await indexes.list(ws.id, 'company')).find((i) => i.name === 'oneName')!;
    expect(listed.keys).toEqual([{ field: 'name', direction: 'AscNullsLast', caseInsensitive: true }]);
    expect((await pgIndex(listed.indexName))?.def).toContain('(lower(name))');
    await fx.db.query(
      `insert into ws_indexed.companies (id, name) values ('0190a000-0000-7000-8000-00000000aaa1', 'Acme')`,
    );
    const duplicate = fx.db.query(
      `insert into ws_indexed.companies (id, name) values ('0190a000-0000-7000-8000-00000000aaa2', 'ACME')`,
    );
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
    await indexes.delete(ws.id, 'company', 'oneName');
  });

  test('a build that fails drops what it left behind and keeps the row FAILED with the reason', async () => {
    // An open write holds the concurrent build in its wait for writers, after it has created
    // its (still invalid) index; cancelling it there is a build failing half way.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writer = fx.db.transaction(async (tx) => {
      await tx.query(`update ws_indexed.opportunities set title = title where code = 'C7'`);
      await held;
    });
    const building = refusal(indexes.create(ws.id, 'opportunity', { name: 'byCode', keys: [{ field: 'code' }] }));
    let pid: number | undefined;
    for (let i = 0; i < 200 && pid === undefined; i++) {
      const { rows } = await fx.db.query<{ pid: number }>(
        `select pid from pg_stat_activity where query like 'create index concurrently "opportunities__by_code"%' and wait_event_type = 'Lock'`,
      );
      pid = rows[0]?.pid;
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pid).toBeDefined();
    expect((await pgIndex('opportunities__by_code'))?.valid).toBe(false);
    await fx.db.query('select pg_cancel_backend($1)', [pid]);
    // Dropping the invalid index concurrently waits for the writer too.
    release();
    await writer;
    const failed = await building;
    expect(failed).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(failed.message).toContain('The index "byCode" could not be built');
    expect(await pgIndex('opportunities__by_code')).toBeNull();
    const row = (await indexes.list(ws.id, 'opportunity')).find((i) => i.name === 'byCode');
    expect(row).toMatchObject({ status: 'FAILED', sizeBytes: null });
    expect(row?.error).toContain('canceling statement');

    // Updating it builds it again.
    const rebuilt = await indexes.update(ws.id, 'opportunity', 'byCode', {});
    expect(rebuilt.index).toMatchObject({ status: 'VALID', error: null, indexName: 'opportunities__by_code' });
    expect((await pgIndex('opportunities__by_code'))?.valid).toBe(true);
  });

  test('an update builds the new definition beside the old one, a rename only renames', async () => {
    const dry = await indexes.update(
      ws.id,
      'opportunity',
      'byCode',
      { keys: [{ field: 'code' }, { field: 'title' }] },
      {
        dryRun: true,
      },
    );
    expect(dry.plan).toEqual([
      `create index concurrently "opportunities__by_code_next" on "ws_indexed"."opportunities" ("code" asc nulls last, "title" asc nulls last) where "opportunities"."deleted_at" is null`,
      'drop index concurrently if exists "ws_indexed"."opportunities__by_code"',
      'alter index "ws_indexed"."opportunities__by_code_next" rename to "opportunities__by_code"',
    ]);
    await indexes.update(ws.id, 'opportunity', 'byCode', { keys: [{ field: 'code' }, { field: 'title' }] });
    expect((await pgIndex('opportunities__by_code'))?.def).toContain('(code, title)');
    expect(await pgIndex('opportunities__by_code_next')).toBeNull();

    const renamed = await indexes.update(ws.id, 'opportunity', 'byCode', { name: 'codeAndTitle' });
    expect(renamed.plan).toEqual([
      'alter index "ws_indexed"."opportunities__by_code" rename to "opportunities__code_and_title"',
    ]);
    expect((await pgIndex('opportunities__code_and_title'))?.def).toContain('(code, title)');
  });

  test('renamed fields carry into keys and filter; deleting or retyping one is refused naming the index', async () => {
    await fx.metadata.updateField(ws.id, 'opportunity', 'stage', { name: 'phase' });
    const board = (await indexes.list(ws.id, 'opportunity')).find((i) => i.name === 'board');
    expect(board?.keys[0]).toEqual({ field: 'phase', direction: 'AscNullsLast' });
    expect(board?.filter).toEqual({ phase: { in: ['WON', "O'PEN"] } });
    expect((await pgIndex('opportunities__board'))?.def).toContain('(phase, amount_amount DESC NULLS LAST, id)');

    const deleted = await refusal(fx.metadata.deleteField(ws.id, 'opportunity', 'title', { dryRun: true }));
    expect(deleted).toMatchObject({ code: 'CONFLICT' });
    expect(deleted.message).toContain('index "codeAndTitle" (opportunity, keys.1)');
    expect(deleted.message).toContain('index "oneTitle" (opportunity, keys.0)');
    const retyped = await refusal(fx.metadata.updateField(ws.id, 'opportunity', 'phase', { type: 'TEXT' }));
    expect(retyped.message).toContain('index "board" (opportunity, keys.0)');
    expect(retyped.message).toContain('index "board" (opportunity, filter)');
  });

  test('a delete drops the index; deleting the object takes its indexes along', async () => {
    const dry = await indexes.delete(ws.id, 'opportunity', 'oneTitle', { dryRun: true });
    expect(dry).toMatchObject({
      applied: false,
      plan: ['drop index concurrently if exists "ws_indexed"."opportunities__one_title"'],
    });
    expect(await pgIndex('opportunities__one_title')).not.toBeNull();
    await indexes.delete(ws.id, 'opportunity', 'oneTitle');
    expect(await pgIndex('opportunities__one_title')).toBeNull();
    expect((await indexes.list(ws.id, 'opportunity')).map((i) => i.name)).toEqual(['board', 'codeAndTitle']);

    await fx.metadata.deleteObject(ws.id, 'opportunity');
    const { rows } = await fx.db.query('select 1 from relata.object_indexes where workspace_id = $1', [ws.id]);
    expect(rows).toEqual([]);
  });
});

describe('index suggestions for saved views', () => {
  test('equality fields, then the sort, then id; covered once a declared index leads with them', async () => {
    const sw = await fx.workspace('suggest');
    await fx.metadata.applyBundle(sw.id, { objects: [DEAL_OBJECT] });
    const scope = {
      snapshot: await loadSnapshot(fx.db, sw.id),
      actor: { kind: 'system', id: null, role: 'admin' } as const,
      permissions: UNRESTRICTED,
    };
    const view = (name: string, settings: Record<string, unknown>) =>
      createView(fx.db, scope, { object: 'deal', name, kind: 'TABLE', shared: true, settings });
    await view('Board', {
      filter: { and: [{ stage: { eq: 'WON' } }], title: { startsWith: 'A' } },
      orderBy: [{ field: 'amount', direction: 'DescNullsLast' }],
    });
    await view('Closing soon', { filter: { closeDate: { gte: '2026-01-01' }, notes: { isNull: false } } });

    const suggested = await indexes.suggest(sw.id, 'deal', scope.actor);
    expect(suggested).toEqual([
      {
        view: 'Board',
        keys: [
          { field: 'stage', direction: 'AscNullsLast' },
          { field: 'amount', direction: 'DescNullsLast' },
          { field: 'id', direction: 'AscNullsLast' },
        ],
        coveredBy: null,
      },
      {
        // JSON cannot be a key; the bounded date leads, as nothing sorts this view.
        view: 'Closing soon',
        keys: [
          { field: 'closeDate', direction: 'AscNullsLast' },
          { field: 'id', direction: 'AscNullsLast' },
        ],
        coveredBy: null,
      },
    ]);
    await indexes.create(sw.id, 'deal', { name: 'board', keys: suggested[0]!.keys });
    const after = await indexes.suggest(sw.id, 'deal', scope.actor);
    expect(after.map((s) => s.coveredBy)).toEqual(['board', null]);
  });
});
