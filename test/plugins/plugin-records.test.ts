/**
 * `ctx.records` from real isolates on a real database: a plugin reads through the data API's
 * compiler under its own role and writes through the record service as itself. What it was not
 * granted (an object, a field) is refused exactly like something that does not exist, returns
 * nothing and writes nothing; what it writes is audited under its name.
 */
import {
  buildDataSchema,
  createInstalledPlugins,
  createPluginRunner,
  createSchemaCache,
  createSecretCipher,
  createSecretStore,
  type PluginRunner,
  parsePluginManifest,
  resolveGrants,
  SandboxPool,
  sha256,
  systemEntity,
} from '@relata/core';
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit } from '../records/record-test-kit';

/** One action per call: the plugin answers `{ ok }` or the error it caught (code, message, field). */
const BUNDLE = `module.exports = { actions: {
  run: async (input, ctx) => {
    try { return { ok: (await ctx.records[input.op](...input.args)) ?? null }; }
    catch (e) { return { code: e.code, message: e.message, field: e.field }; }
  },
} };`;

let kit: RecordTestKit;
let runner: PluginRunner;
let pluginId: string;
const pool = new SandboxPool(1);
let acme: Record<string, unknown>;
let deal: Record<string, unknown>;

const run = (op: string, ...args: unknown[]) =>
  runner.call(kit.snapshot, pluginId, 'actions.run', { op, args }) as Promise<{
    ok?: unknown;
    code?: string;
    message?: string;
  }>;

function tableOf(object: string): string {
  const table = kit.snapshot.objects.find((it) => it.nameSingular === object)!.tableName;
  return `"${kit.snapshot.schemaName}"."${table}"`;
}
async function rowsOf(object: string): Promise<unknown[]> {
  return (await kit.db.query(`select * from ${tableOf(object)} order by id`)).rows;
}

beforeAll(async () => {
  kit = await createRecordTestKit('plugin_records');
  const secrets = createSecretStore({
    db: kit.db,
    cipher: createSecretCipher('plugin-records-test-secret-0123456789'),
  });
  const records = kit.service();
  runner = createPluginRunner({
    db: kit.db,
    pool,
    installations: createInstalledPlugins({ db: kit.db, secrets }),
    data: {
      workspace: async () => ({ slug: 'plugin_records', snapshot: kit.snapshot }),
      schemas: createSchemaCache(),
      records,
      events: kit.events,
    },
  });
  acme = await records.create(kit.ctx, 'company', { name: 'Acme', domain: 'acme.example', employees: 10 });
  await records.create(kit.ctx, 'company', { name: 'Globex', domain: 'globex.example', employees: 900 });
  deal = await records.create(kit.ctx, 'opportunity', { title: 'Big deal' });
  const manifest = parsePluginManifest({
    relata: {
      name: 'company-reader',
      version: '1.0.0',
      engine: '^1',
      permissions: {
        read: [{ object: 'company', fields: ['name', 'employees'] }],
        write: [{ object: 'company', fields: ['name'] }],
      },
    },
  });
  const em = await kit.db.entities();
  const row = em.create(systemEntity.PluginInstallation, {
    id: crypto.randomUUID(),
    workspace: kit.snapshot.workspaceId,
    name: manifest.name,
    version: manifest.version,
    manifest,
    bundle: BUNDLE,
    bundleSha256: sha256(BUNDLE),
    integrity: 'sha512-test',
    grants: resolveGrants(manifest, kit.snapshot),
    enabled: true,
    settings: {},
  });
  await em.flush();
  pluginId = row.id;
});
afterAll(async () => {
  await pool.close();
  await kit?.database.drop();
});

describe('ctx.records reads', () => {
  test('a granted object is read with its granted fields only', async () => {
    const found = await run('find', 'company', { orderBy: [{ name: 'AscNullsLast' }] });
    const records = found.ok as Array<Record<string, unknown>>;
    expect(records.map((it) => it.name)).toEqual(['Acme', 'Globex']);
    expect(records[0]).toMatchObject({ id: acme.id, name: 'Acme', employees: 10 });
    for (const record of records) {
      expect(record).not.toHaveProperty('domain');
      expect(record).not.toHaveProperty('tier');
    }
    const filtered = await run('find', 'company', { filter: { employees: { gt: 100 } }, fields: ['name'] });
    expect(filtered.ok).toEqual([{ name: 'Globex' }]);
    const got = await run('get', 'company', acme.id);
    expect(got.ok).toMatchObject({ id: acme.id, name: 'Acme' });
    expect(got.ok).not.toHaveProperty('domain');
    expect((await run('get', 'company', crypto.randomUUID())).ok).toBeNull();
  });

  test('an object not granted fails exactly like an unknown one and returns nothing', async () => {
    const anonymous = (answer: { code?: string; message?: string }, name: string) => ({
      ...answer,
      message: answer.message?.replace(name, '<object>'),
    });
    const hidden = await run('find', 'opportunity');
    const unknown = await run('find', 'nothing');
    expect(hidden).not.toHaveProperty('ok');
    expect(hidden.code).toBe('NOT_FOUND');
    expect(anonymous(hidden, 'opportunity')).toEqual(anonymous(unknown, 'nothing'));
    const hiddenGet = await run('get', 'opportunity', deal.id);
    expect(hiddenGet).not.toHaveProperty('ok');
    expect(anonymous(hiddenGet, 'opportunity')).toEqual(anonymous(await run('get', 'nothing', deal.id), 'nothing'));
  });

  test('a field not granted cannot be read by name, filtered or ordered on, like an unknown field', async () => {
    const queries = (field: string) => [
      { fields: [field] },
      { filter: { [field]: { eq: 'acme.example' } } },
      { orderBy: [{ [field]: 'AscNullsLast' }] },
    ];
    const unknown = queries('nosuch');
    for (const [index, query] of queries('domain').entries()) {
      const answer = await run('find', 'company', query);
      expect(answer).not.toHaveProperty('ok');
      const like = await run('find', 'company', unknown[index]);
      expect({ ...answer, message: answer.message?.replace('domain', 'nosuch') }).toEqual(like);
    }
  });

  test('arguments are validated: names, ids, options', async () => {
    for (const args of [
      ['company', { filter: 'name = 1' }],
      ['company', { first: 10_000 }],
      ['company', { where: {} }],
      ['company; drop table x', {}],
    ]) {
      expect(await run('find', ...args)).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(await run('get', 'company', "' or 1=1 --")).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('ctx.records writes', () => {
  test('a write to an object or field not granted is refused and writes nothing', async () => {
    const companies = await rowsOf('company');
    const deals = await rowsOf('opportunity');
    for (const [op, ...args] of [
      ['create', 'opportunity', { title: 'Sneaky' }],
      ['update', 'opportunity', deal.id, { title: 'Sneaky' }],
      ['delete', 'opportunity', deal.id],
    ] as const) {
      // Like reads, a write to an object the plugin cannot read is answered as for an unknown object.
      expect(await run(op, ...args)).toEqual(
        await run(op, 'nothing', ...args.slice(1)).then((it) => ({
          ...it,
          message: it.message?.replace('nothing', 'opportunity'),
        })),
      );
      expect((await run(op, ...args)).code).toBe('NOT_FOUND');
    }
    for (const [op, ...args] of [
      ['update', 'company', acme.id, { domain: 'evil.example' }],
      ['update', 'company', acme.id, { name: 'Acme 2', employees: 1 }],
      ['create', 'company', { name: 'Initech', domain: 'initech.example' }],
    ] as const) {
      const answer = await run(op, ...args);
      expect(answer, `${op} ${JSON.stringify(args)}`).not.toHaveProperty('ok');
      expect(answer).toMatchObject({ code: 'FORBIDDEN', field: expect.stringMatching(/^data\.(domain|employees)$/) });
    }
    expect(await rowsOf('company')).toEqual(companies);
    expect(await rowsOf('opportunity')).toEqual(deals);
  });

  test('a granted create, update and delete work; the audit log names the plugin', async () => {
    const created = await run('create', 'company', { name: 'Initech' });
    const record = created.ok as Record<string, unknown>;
    expect(record).toMatchObject({ name: 'Initech' });
    expect(record).not.toHaveProperty('domain');
    const updated = await run('update', 'company', record.id, { name: 'Initech Corp' });
    expect(updated.ok).toMatchObject({ id: record.id, name: 'Initech Corp' });
    const { rows } = await kit.db.query<{ action: string; actor_kind: string; actor_id: string; via: string }>(
      'select action, actor_kind, actor_id, via from relata.audit_log where record_id = $1 order by id',
      [record.id],
    );
    expect(rows).toEqual([
      { action: 'create', actor_kind: 'plugin', actor_id: pluginId, via: 'plugin' },
      { action: 'update', actor_kind: 'plugin', actor_id: pluginId, via: 'plugin' },
    ]);
    expect(await run('delete', 'company', record.id)).toEqual({ ok: null });
    expect((await run('get', 'company', record.id)).ok).toBeNull();
    // History and timelines name the plugin: `actors(ids)` resolves the installation id to its name.
    const named = await graphql({
      schema: buildDataSchema(kit.snapshot),
      source: 'query ($ids: [ID!]!) { actors(ids: $ids) { id kind name } }',
      variableValues: { ids: [pluginId] },
      contextValue: { ...kit.ctx, db: kit.db, workspace: { id: kit.snapshot.workspaceId } },
    });
    expect(named.data?.actors).toEqual([{ id: pluginId, kind: 'plugin', name: 'company-reader' }]);
    const deleted = await kit.db.query(`select deleted_at from ${tableOf('company')} where id = $1`, [record.id]);
    expect(deleted.rows[0]).toMatchObject({ deleted_at: expect.any(Date) });
  });
});
