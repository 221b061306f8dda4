import type { Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';

let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(async () => {
  await fx.test.drop();
});

const STAGES = [
  { value: 'LEAD', label: 'Lead', color: 'blue' },
  { value: 'WON', label: 'Won', color: 'green' },
  { value: 'LOST', label: 'Lost', color: 'red' },
];

/** A workspace with `deal` (title TEXT, code TEXT, stage SELECT, tags MULTI_SELECT) and rows. */
async function dealWorkspace(slug: string): Promise<Workspace> {
  const ws = await fx.workspace(slug);
  await fx.metadata.applyBundle(ws.id, {
    objects: [
      {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
        fields: [
          { name: 'title', label: 'Title', type: 'TEXT' },
          { name: 'code', label: 'Code', type: 'TEXT' },
          { name: 'stage', label: 'Stage', type: 'SELECT', options: STAGES },
          { name: 'tags', label: 'Tags', type: 'MULTI_SELECT', options: STAGES },
        ],
      },
    ],
  });
  const rows: [string, string | null, string | null, string[]][] = [
    ['Alpha', '10', 'LEAD', ['LEAD', 'WON']],
    ['Beta', '20', 'WON', ['WON']],
    ['Gamma', 'x1', 'LOST', ['LOST', 'LEAD']],
    ['Alpha', null, 'LOST', []],
  ];
  for (const [i, [title, code, stage, tags]] of rows.entries()) {
    await fx.db.query(
      `insert into "${ws.schemaName}".deals (id, title, code, stage, tags) values ($1, $2, $3, $4, $5)`,
      [`0190a000-0000-7000-8000-00000000000${i}`, title, code, stage, tags],
    );
  }
  return ws;
}

const values = async (ws: Workspace, sql: string) =>
  (await fx.db.query<Record<string, unknown>>(sql.replaceAll('$ws', `"${ws.schemaName}"`))).rows;

describe('renames keep data', () => {
  test('renaming an object renames its table, and a field its column', async () => {
    const ws = await dealWorkspace('renames');
    const renamed = await fx.metadata.updateObject(ws.id, 'deal', {
      nameSingular: 'opportunity',
      namePlural: 'opportunities',
      labelSingular: 'Opportunity',
    });
    expect(renamed.object).toMatchObject({ nameSingular: 'opportunity', tableName: 'opportunities' });
    await fx.metadata.updateField(ws.id, 'opportunity', 'title', { name: 'dealName', label: 'Deal name' });
    expect(await values(ws, 'select deal_name from $ws.opportunities order by id')).toEqual([
      { deal_name: 'Alpha' },
      { deal_name: 'Beta' },
      { deal_name: 'Gamma' },
      { deal_name: 'Alpha' },
    ]);
    // The search trigger follows the renamed column.
    await fx.db.query(`update "${ws.schemaName}".opportunities set deal_name = 'Delta' where code = '20'`);
    expect(await values(ws, `select search::text as s from $ws.opportunities where code = '20'`)).toEqual([
      { s: "'20':2 'delta':1" },
    ]);
  });
});

const BETA = '0190a000-0000-7000-8000-000000000001';

describe('the search vector', () => {
  test('is rebuilt when a searched field changes and kept as stored when only other fields do', async () => {
    const ws = await dealWorkspace('search_kept');
    const set = (assignment: string) =>
      fx.db.query(`update "${ws.schemaName}".deals set ${assignment} where id = $1`, [BETA]);
    const search = async () =>
      (await fx.db.query<{ s: string }>(`select search::text as s from "${ws.schemaName}".deals where id = $1`, [BETA]))
        .rows[0]?.s;
    expect(await search()).toBe("'20':2 'beta':1");
    // A stand-in vector shows whether a write rebuilt it: writes of other fields (a scoring model's
    // scores) skip the text and its tsvector.
    await set(`search = to_tsvector('simple', 'kept')`);
    await set(`stage = 'LOST'`);
    expect(await search()).toBe("'kept':1");
    await set(`code = '21'`);
    expect(await search()).toBe("'21':2 'beta':1");
  });
});

describe('refusals name the rows at fault', () => {
  test.each([
    ['required with empty values', { required: true }, 'input.required', 1],
    ['unique with duplicates', { unique: true }, 'input.unique', 2],
  ])('%s', async (_name, input, field, count) => {
    const ws = await dealWorkspace(`refuse_${field.slice(6)}`);
    const target = field === 'input.required' ? 'code' : 'title';
    const error = await fx.metadata.updateField(ws.id, 'deal', target, input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field, count } });
  });

  test('TEXT -> NUMBER converts when all values parse, and refuses with the count otherwise', async () => {
    const ws = await dealWorkspace('text_to_number');
    const error = await fx.metadata.updateField(ws.id, 'deal', 'code', { type: 'NUMBER' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.type', count: 1 } });
    await fx.db.query(`update "${ws.schemaName}".deals set code = '30' where code = 'x1'`);
    const change = await fx.metadata.updateField(ws.id, 'deal', 'code', { type: 'NUMBER', scale: 2 });
    expect(change.affectedRows).toBe(3);
    expect(await fx.columns(ws, 'deals')).toMatchObject({ code: 'numeric(20,2)' });
    expect(await values(ws, 'select sum(code)::int as total from $ws.deals')).toEqual([{ total: 60 }]);
  });

  test('conversions run on real data and back', async () => {
    const ws = await dealWorkspace('conversions');
    await expect(fx.metadata.updateField(ws.id, 'deal', 'title', { type: 'EMAIL' })).rejects.toThrow(
      '4 record(s) hold a value of title that is not a valid EMAIL value; fix or clear them first.',
    );
    await fx.metadata.updateField(ws.id, 'deal', 'stage', { type: 'MULTI_SELECT' });
    expect(await values(ws, 'select stage from $ws.deals order by id limit 1')).toEqual([{ stage: ['LEAD'] }]);
    await fx.metadata.updateField(ws.id, 'deal', 'stage', { type: 'SELECT' });
    await fx.metadata.updateField(ws.id, 'deal', 'stage', { type: 'TEXT' });
    await fx.db.query(`update "${ws.schemaName}".deals set code = '7.25' where code = 'x1'`);
    await fx.metadata.updateField(ws.id, 'deal', 'code', { type: 'NUMBER', scale: 2 });
    const rounded = await fx.metadata.updateField(ws.id, 'deal', 'code', { scale: 0 });
    expect(rounded.warnings).toEqual(['1 value(s) of code will be rounded to 0 decimal place(s).']);
    await fx.metadata.updateField(ws.id, 'deal', 'code', { type: 'TEXT' });
    expect(await values(ws, 'select stage, code from $ws.deals order by id')).toEqual([
      { stage: 'LEAD', code: '10' },
      { stage: 'WON', code: '20' },
      { stage: 'LOST', code: '7' },
      { stage: 'LOST', code: null },
    ]);
  });

  test('an unsupported conversion is refused on input.type', async () => {
    const ws = await dealWorkspace('bad_conversion');
    await expect(fx.metadata.updateField(ws.id, 'deal', 'title', { type: 'JSON' })).rejects.toMatchObject({
      details: { field: 'input.type' },
    });
  });
});

describe('select options', () => {
  test('renaming an option updates SELECT and MULTI_SELECT rows', async () => {
    const ws = await dealWorkspace('option_rename');
    const renamedStages = STAGES.map((o) => (o.value === 'LEAD' ? { ...o, value: 'NEW', renameFrom: 'LEAD' } : o));
    const stage = await fx.metadata.updateField(ws.id, 'deal', 'stage', { options: renamedStages });
    expect(stage.affectedRows).toBe(1);
    const tags = await fx.metadata.updateField(ws.id, 'deal', 'tags', { options: renamedStages });
    expect(tags.affectedRows).toBe(2);
    expect(await values(ws, 'select stage, tags from $ws.deals order by id')).toEqual([
      { stage: 'NEW', tags: ['NEW', 'WON'] },
      { stage: 'WON', tags: ['WON'] },
      { stage: 'LOST', tags: ['LOST', 'NEW'] },
      { stage: 'LOST', tags: [] },
    ]);
  });

  test('removing an option warns with the count and clears the value', async () => {
    const ws = await dealWorkspace('option_remove');
    const kept = STAGES.filter((o) => o.value !== 'LOST');
    const dry = await fx.metadata.updateField(ws.id, 'deal', 'stage', { options: kept }, { dryRun: true });
    expect(dry.warnings).toEqual(['2 record(s) hold "LOST" in stage; they will be set to null.']);
    const tags = await fx.metadata.updateField(ws.id, 'deal', 'tags', { options: kept });
    expect(tags.warnings).toEqual(['1 record(s) hold "LOST" in tags; it will be removed from them.']);
    await fx.metadata.updateField(ws.id, 'deal', 'stage', { options: kept });
    expect(await values(ws, 'select stage, tags from $ws.deals order by id')).toEqual([
      { stage: 'LEAD', tags: ['LEAD', 'WON'] },
      { stage: 'WON', tags: ['WON'] },
      { stage: null, tags: ['LEAD'] },
      { stage: null, tags: [] },
    ]);
  });
});

describe('transactions', () => {
  test('a dry run changes nothing', async () => {
    const ws = await fx.workspace('dry_run');
    const change = await fx.metadata.createObject(
      ws.id,
      { nameSingular: 'task', namePlural: 'tasks', labelSingular: 'Task', labelPlural: 'Tasks' },
      { dryRun: true },
    );
    expect(change).toMatchObject({ applied: false, metadataVersion: ws.metadataVersion });
    expect(change.plan[0]).toMatch(/^create table "ws_dry_run"."tasks"/);
    expect(await fx.columns(ws, 'tasks')).toEqual({});
    const { rows } = await fx.db.query('select * from relata.objects where workspace_id = $1', [ws.id]);
    expect(rows).toEqual([]);
  });

  test('a change failing half-way leaves both DDL and metadata untouched', async () => {
    const ws = await dealWorkspace('rollback');
    const version = (
      await fx.db.query<{ v: number }>('select metadata_version as v from relata.workspaces where id = $1', [ws.id])
    ).rows[0]!.v;
    // An index the metadata does not know about takes the name the plan's second statement needs.
    await fx.db.query(`create table "${ws.schemaName}".stray (x int)`);
    await fx.db.query(`create index deals_priority_idx on "${ws.schemaName}".stray (x)`);
    await expect(
      fx.metadata.createField(ws.id, 'deal', { name: 'priority', label: 'Priority', type: 'NUMBER', indexed: true }),
    ).rejects.toThrow(/deals_priority_idx/);
    expect(await fx.columns(ws, 'deals')).not.toHaveProperty('priority');
    const after = await fx.db.query<{ v: number }>(
      'select metadata_version as v from relata.workspaces where id = $1',
      [ws.id],
    );
    expect(after.rows[0]!.v).toBe(version);
    const fields = await fx.db.query('select 1 from relata.fields where workspace_id = $1 and name = $2', [
      ws.id,
      'priority',
    ]);
    expect(fields.rowCount).toBe(0);
  });

  test('concurrent changes queue on the workspace lock and each bump the version', async () => {
    const ws = await dealWorkspace('concurrent');
    const changes = await Promise.all(
      ['one', 'two', 'three'].map((name) =>
        fx.metadata.createField(ws.id, 'deal', { name, label: name, type: 'TEXT' }),
      ),
    );
    expect(changes.map((c) => c.metadataVersion).sort()).toEqual([3, 4, 5]);
    expect(await fx.columns(ws, 'deals')).toMatchObject({ one: 'text', two: 'text', three: 'text' });
  });

  test('adding a nullable field does not rewrite the table', async () => {
    const ws = await dealWorkspace('no_rewrite');
    const filenode = async () =>
      (await fx.db.query<{ node: number }>(`select pg_relation_filenode('"${ws.schemaName}".deals'::regclass) as node`))
        .rows[0]!.node;
    const before = await filenode();
    await fx.metadata.createField(ws.id, 'deal', { name: 'notes', label: 'Notes', type: 'TEXT' });
    await fx.metadata.createField(ws.id, 'deal', {
      name: 'probability',
      label: 'Probability',
      type: 'NUMBER',
      defaultValue: 10,
    });
    expect(await filenode()).toBe(before);
    expect(await values(ws, 'select distinct probability from $ws.deals')).toEqual([{ probability: 10 }]);
  });
});
