/**
 * Installed plugins called through the host on a real database: settings (secrets decrypted for
 * that plugin only), ctx.log, ctx.http.fetch through the SSRF-guarded client, the call log, and
 * the refusals (disabled plugin, tampered bundle, hosts not granted, private addresses).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createInstalledPlugins,
  createPluginCallLog,
  createPluginRunner,
  createSecretCipher,
  createSecretStore,
  type Database,
  type InstalledPlugins,
  type PluginRunner,
  parsePluginManifest,
  pluginSecretName,
  resolveGrants,
  SandboxPool,
  sha256,
  systemEntity,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, rejection, USER } from '../records/record-test-kit';

const BUNDLE = `module.exports = { actions: {
  greet: async (input, ctx) => { ctx.log.info('greeting', input.name); return ctx.settings.greeting + ' ' + input.name + ' ' + ctx.settings.apiKey; },
  fetch: async (input, ctx) => {
    try { const r = await ctx.http.fetch({ url: input.url }); return { status: r.status, body: r.body }; }
    catch (e) { return { code: e.code, message: e.message }; }
  },
  read: async (input, ctx) => { try { return await ctx.records.find('person', {}); } catch (e) { return { code: e.code }; } },
  readUncaught: async (input, ctx) => ctx.records.find('person', {}),
  fail: async () => { throw new Error('the provider said no'); },
} };`;

let kit: RecordTestKit;
let runner: PluginRunner;
let server: Server;
let port: number;
let secrets: ReturnType<typeof createSecretStore>;
let installations: InstalledPlugins;
let callLog: ReturnType<typeof createPluginCallLog>;
const pool = new SandboxPool(1);

async function install(options: { http: string[]; enabled?: boolean; bundle?: string }): Promise<string> {
  const manifest = parsePluginManifest({
    relata: {
      name: `runner-${Math.random().toString(36).slice(2, 8)}`,
      version: '1.0.0',
      engine: '^1',
      permissions: { read: ['person'] },
      settings: {
        type: 'object',
        properties: { greeting: { type: 'string' }, apiKey: { type: 'string', secret: true } },
      },
    },
  });
  const em = await kit.db.entities();
  const bundle = options.bundle ?? BUNDLE;
  const row = em.create(systemEntity.PluginInstallation, {
    id: crypto.randomUUID(),
    workspace: kit.snapshot.workspaceId,
    name: manifest.name,
    version: manifest.version,
    manifest,
    bundle,
    bundleSha256: sha256(BUNDLE),
    integrity: 'sha512-test',
    // Grants as an admin approved them; hosts given directly so the test can name its own server.
    grants: { ...resolveGrants(manifest, kit.snapshot), http: options.http },
    enabled: options.enabled ?? true,
    settings: { greeting: 'Hello' },
  });
  await em.flush();
  // The lifecycle service bumps the metadata version; rows written by hand drop the cache instead.
  installations.invalidate(kit.snapshot.workspaceId);
  return row.id;
}

async function callsOf(installationId: string | null) {
  // The log is written behind the calls.
  await callLog.flush();
  const em = await kit.db.entities();
  return em.find(systemEntity.PluginCall, { installation: installationId }, { orderBy: { startedAt: 'asc' } });
}

beforeAll(async () => {
  kit = await createRecordTestKit('plugin_runner');
  secrets = createSecretStore({ db: kit.db, cipher: createSecretCipher('plugin-runner-test-secret-0123456789') });
  server = createServer((_req, res) => res.end('pong'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  installations = createInstalledPlugins({ db: kit.db, secrets });
  callLog = createPluginCallLog(kit.db);
  runner = createPluginRunner({ db: kit.db, pool, installations, allowLoopbackPorts: [port], callLog });
});
afterAll(async () => {
  await pool.close();
  server.close();
  await kit?.database.drop();
});

describe('plugin runner', () => {
  test('settings reach the call, secret ones decrypted; logs and the outcome are in the call log', async () => {
    const id = await install({ http: [] });
    const em = await kit.db.entities();
    const name = (await em.findOneOrFail(systemEntity.PluginInstallation, { id })).name;
    await secrets.set(kit.snapshot.workspaceId, pluginSecretName(name, 'apiKey'), 'k-123', USER);
    installations.invalidate(kit.snapshot.workspaceId);
    expect(await runner.call(kit.snapshot, id, 'actions.greet', { name: 'Ada' })).toBe('Hello Ada k-123');
    const [call] = await callsOf(id);
    expect(call).toMatchObject({ entry: 'actions.greet', outcome: 'ok', reason: null, version: '1.0.0' });
    expect(call?.logs).toEqual([{ level: 'info', message: 'greeting Ada' }]);
    expect(call?.durationMs).toBeGreaterThan(0);
  });

  test('a failing call is logged with its reason and error, and surfaces as PLUGIN_FAILED', async () => {
    const id = await install({ http: [] });
    const failure = await rejection(() => runner.call(kit.snapshot, id, 'actions.fail', {}));
    expect(failure).toMatchObject({ code: 'PLUGIN_FAILED', details: { reason: 'threw' } });
    const [call] = await callsOf(id);
    expect(call).toMatchObject({ outcome: 'failed', reason: 'threw' });
    expect(call?.error).toContain('the provider said no');
  });

  test('ctx.http.fetch reaches a granted host and nothing else', async () => {
    const id = await install({ http: ['127.0.0.1', '169.254.169.254', '10.0.0.7'] });
    expect(await runner.call(kit.snapshot, id, 'actions.fetch', { url: `http://127.0.0.1:${port}/` })).toEqual({
      status: 200,
      body: 'pong',
    });
    const notListed = await runner.call(kit.snapshot, id, 'actions.fetch', { url: 'http://api.example.com/' });
    expect(notListed).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('api.example.com') });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.7/',
      `http://127.0.0.1:${port + 1}/`,
    ]) {
      expect(await runner.call(kit.snapshot, id, 'actions.fetch', { url })).toMatchObject({ code: 'FORBIDDEN' });
    }
    const none = await install({ http: [] });
    expect(await runner.call(kit.snapshot, none, 'actions.fetch', { url: `http://127.0.0.1:${port}/` })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  test('a disabled plugin is not called, and the refusal is logged; a tampered bundle is refused', async () => {
    const disabled = await install({ http: [], enabled: false });
    expect(await rejection(() => runner.call(kit.snapshot, disabled, 'actions.greet', { name: 'x' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await callsOf(disabled)).toEqual([
      expect.objectContaining({ entry: 'actions.greet', outcome: 'refused', reason: 'disabled', logs: [] }),
    ]);
    const tampered = await install({ http: [], bundle: BUNDLE.replace('the provider said no', 'tampered') });
    expect(await rejection(() => runner.call(kit.snapshot, tampered, 'actions.greet', { name: 'x' }))).toMatchObject({
      code: 'PLUGIN_FAILED',
      details: { reason: 'load' },
    });
  });

  test('a refused ctx call is in the log: a warning when the plugin caught it, the outcome when it failed the call', async () => {
    const id = await install({ http: [] });
    expect(await runner.call(kit.snapshot, id, 'actions.read', {})).toEqual({ code: 'FORBIDDEN' });
    await rejection(() => runner.call(kit.snapshot, id, 'actions.readUncaught', {}));
    const [caught, uncaught] = await callsOf(id);
    expect(caught).toMatchObject({
      outcome: 'ok',
      logs: [{ level: 'warn', message: expect.stringMatching(/^refused records.find/) }],
    });
    expect(uncaught).toMatchObject({ outcome: 'refused', reason: 'permission' });
  });

  test('a call no sandbox can take is refused as sandbox-unavailable and logged', async () => {
    const id = await install({ http: [] });
    const closed = new SandboxPool(1);
    await closed.close();
    const offline = createPluginRunner({ db: kit.db, pool: closed, installations, callLog });
    expect(await rejection(() => offline.call(kit.snapshot, id, 'actions.greet', { name: 'x' }))).toMatchObject({
      code: 'PLUGIN_FAILED',
      details: { reason: 'unavailable' },
    });
    expect(await callsOf(id)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'sandbox-unavailable' })]);
  });

  test('a call naming an installation the workspace does not have is refused and logged without one', async () => {
    const unknown = crypto.randomUUID();
    const failure = await rejection(() => runner.call(kit.snapshot, unknown, 'actions.greet', { name: 'x' }));
    expect(failure).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'unknown-installation' } });
    const refused = (await callsOf(null)).filter((it) => it.error?.includes(unknown));
    expect(refused).toEqual([
      expect.objectContaining({
        entry: 'actions.greet',
        outcome: 'refused',
        reason: 'unknown-installation',
        version: null,
      }),
    ]);
  });

  test('the log is written behind the calls: a call never waits for its row, a failed insert is retried', async () => {
    const id = await install({ http: [] });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const statements: number[] = [];
    const logDb: Database = {
      entities: () => kit.db.entities(),
      transaction: (work) => kit.db.transaction(work),
      session: (work) => kit.db.session(work),
      async query(text, params) {
        await gate;
        statements.push((params?.[0] as unknown[] | undefined)?.length ?? 0);
        if (statements.length === 1) throw new Error('connection reset');
        return kit.db.query(text, params);
      },
    };
    const errors: unknown[] = [];
    const behindLog = createPluginCallLog(logDb, (error) => errors.push(error));
    const behind = createPluginRunner({ db: kit.db, pool, installations, callLog: behindLog });
    // Every call answers while no row can be written.
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      expect(await behind.call(kit.snapshot, id, 'actions.greet', { name })).toBe(`Hello ${name} undefined`);
    }
    expect(behindLog.pending).toBe(5);
    open();
    await behindLog.flush();
    // The first statement (the first row) failed; the retry wrote it with the four queued behind it.
    expect(statements).toEqual([1, 5]);
    expect(errors).toEqual([expect.objectContaining({ message: 'connection reset' })]);
    expect((await callsOf(id)).map((it) => it.logs[0]?.message).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((name) => `greeting ${name}`),
    );
  });

  test("a row of an installation removed since its call is skipped; it does not fail the others' insert", async () => {
    const id = await install({ http: [] });
    const errors: unknown[] = [];
    const log = createPluginCallLog(kit.db, (error) => errors.push(error));
    const row = (installationId: string) => ({
      workspaceId: kit.snapshot.workspaceId,
      installationId,
      version: '1.0.0',
      entry: 'actions.greet',
      startedAt: new Date(),
      durationMs: 1,
      cpuMs: 1,
      outcome: 'ok' as const,
      reason: null,
      error: null,
      logs: [],
    });
    await log.record(row(crypto.randomUUID()));
    await log.record(row(id));
    await log.flush();
    expect(errors).toEqual([]);
    expect(await callsOf(id)).toHaveLength(1);
  });
});
