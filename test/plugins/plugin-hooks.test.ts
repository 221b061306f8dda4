/**
 * Plugin before-hooks on the real record service: a hook changes values or refuses the write
 * with a message the user sees; it sees and writes only what its grants allow; writes of objects
 * no plugin hooks skip the pipeline.
 */
import {
  createInstalledPlugins,
  createPluginHooks,
  createPluginRunner,
  createSecretCipher,
  createSecretStore,
  type InstalledPlugins,
  type PluginRunner,
  parsePluginManifest,
  type RecordHooks,
  type RecordWriter,
  resolveGrants,
  SandboxPool,
  sha256,
  systemEntity,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, rejection } from '../records/record-test-kit';

const GUARD = `module.exports = { hooks: { company: {
  beforeCreate: (event) => ({ data: { name: event.data.name.trim() } }),
  beforeUpdate: (event) => {
    if ((event.data.employees ?? 0) > 1000) return { reject: 'Companies above 1000 employees go to the enterprise team.', field: 'employees' };
    return { data: { name: event.data.name?.trim() ?? event.before.name, tier: 'MID' } };
  },
} } };`;

const SNOOP = `module.exports = { hooks: { company: {
  beforeUpdate: (event) => event.data.name === 'Initech'
    ? { reject: 'seen ' + Object.keys(event.before).sort().join(',') + ' / ' + Object.keys(event.data).sort().join(',') }
    : { data: { domain: 'changed.example' } },
} } };`;

let kit: RecordTestKit;
let pool: SandboxPool;
let pluginHooks: RecordHooks;
let installations: InstalledPlugins;
let runner: PluginRunner;
let service: RecordWriter;

async function install(name: string, bundle: string, permissions: unknown, on: string[]): Promise<string> {
  const manifest = parsePluginManifest({
    relata: {
      name,
      version: '1.0.0',
      engine: '^1',
      permissions,
      contributes: { hooks: on.map((event) => ({ object: 'company', on: event })) },
    },
  });
  const em = await kit.db.entities();
  const row = em.create(systemEntity.PluginInstallation, {
    id: crypto.randomUUID(),
    workspace: kit.snapshot.workspaceId,
    name,
    version: '1.0.0',
    manifest,
    bundle,
    bundleSha256: sha256(bundle),
    integrity: 'sha512-test',
    grants: resolveGrants(manifest, kit.snapshot),
    enabled: true,
    settings: {},
  });
  await em.flush();
  installations.invalidate(kit.snapshot.workspaceId);
  return row.id;
}

beforeAll(async () => {
  kit = await createRecordTestKit('plugin_hooks');
  pool = new SandboxPool(1);
  const secrets = createSecretStore({ db: kit.db, cipher: createSecretCipher('plugin-hooks-test-secret-0123456789') });
  installations = createInstalledPlugins({ db: kit.db, secrets });
  runner = createPluginRunner({ db: kit.db, pool, installations });
  pluginHooks = createPluginHooks({ installations, runner });
  service = kit.service(pluginHooks);
  await install('company-guard', GUARD, { write: ['company'] }, ['beforeCreate', 'beforeUpdate']);
});
afterAll(async () => {
  await pool?.close();
  await kit?.database.drop();
});

describe('plugin before-hooks', () => {
  test('a hook changes the values written', async () => {
    const created = await service.create(kit.ctx, 'company', { name: '  Acme  ', employees: 10 });
    expect(created).toMatchObject({ name: 'Acme', employees: 10 });
    const updated = await service.update(kit.ctx, 'company', created.id as string, { employees: 20 });
    expect(updated).toMatchObject({ name: 'Acme', employees: 20, tier: 'MID' });
  });

  test('a hook refuses a write with a message naming the field; nothing is written', async () => {
    const created = await service.create(kit.ctx, 'company', { name: 'Globex' });
    const refused = await rejection(() =>
      service.update(kit.ctx, 'company', created.id as string, { employees: 5000 }),
    );
    expect(refused).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Companies above 1000 employees go to the enterprise team.',
      details: { field: 'data.employees', plugin: 'company-guard' },
    });
    const table = kit.snapshot.objects.find((it) => it.nameSingular === 'company')!.tableName;
    const { rows } = await kit.db.query<{ employees: string | null }>(
      `select employees from "${kit.snapshot.schemaName}"."${table}" where id = $1`,
      [created.id],
    );
    expect(rows[0]?.employees).toBeNull();
  });

  test('a hook sees only the fields it may read and may not write what it was not granted (logged as refused)', async () => {
    const snoop = await install('snoop', SNOOP, { read: [{ object: 'company', fields: ['name'] }] }, ['beforeUpdate']);
    try {
      const created = await service.create(kit.ctx, 'company', { name: 'Initech', domain: 'initech.example' });
      const seen = await rejection(() => service.update(kit.ctx, 'company', created.id as string, { employees: 3 }));
      // The snoop sees name and the standard fields, never domain, employees or tier.
      expect(seen.message).toBe(
        'seen createdAt,createdBy,deletedAt,id,name,ownerId,updatedAt,updatedBy,version / name',
      );
      const refused = await rejection(() =>
        service.update(kit.ctx, 'company', created.id as string, { name: 'Initech Corp' }),
      );
      expect(refused).toMatchObject({ code: 'PLUGIN_FAILED', details: { reason: 'bad-output' } });
      expect(refused.message).toContain('may not write domain');
      await runner.flushCalls();
      const em = await kit.db.entities();
      const calls = await em.find(systemEntity.PluginCall, { installation: snoop }, { orderBy: { startedAt: 'asc' } });
      expect(calls.map((it) => [it.outcome, it.reason])).toEqual([
        ['ok', null],
        ['refused', 'permission'],
      ]);
      expect(calls[1]?.error).toBe('the plugin may not write domain of company');
    } finally {
      const em = await kit.db.entities();
      await em.nativeDelete(systemEntity.PluginInstallation, { name: 'snoop' });
      installations.invalidate(kit.snapshot.workspaceId);
    }
  });

  test('only writes of hooked objects concern the plugin hooks, found by id when the object is renamed', async () => {
    await installations.enabled(kit.snapshot);
    const concerns = pluginHooks.concerns!;
    expect(concerns(kit.snapshot, 'company', 'before')).toBe(true);
    expect(concerns(kit.snapshot, 'person', 'before')).toBe(false);
    expect(concerns(kit.snapshot, 'company', 'after')).toBe(false);
    const renamed = {
      ...kit.snapshot,
      objects: kit.snapshot.objects.map((it) =>
        it.nameSingular === 'company' ? { ...it, nameSingular: 'account' } : it,
      ),
    };
    expect(concerns(renamed, 'account', 'before')).toBe(true);
    expect(concerns(renamed, 'company', 'before')).toBe(false);
  });
});
