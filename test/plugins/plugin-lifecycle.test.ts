/**
 * Plugins in the running server, through `/metadata`: install shows the permissions and the
 * metadata it adds until approved; the contributed object is created; settings (secret ones
 * write-only); the plugin's before-hook changes a record written through `/graphql` and its
 * after-hook runs on the job queue; disable and enable; an upgrade asking for more permissions
 * waits for approval; uninstall keeps or removes the contributed data.
 */
import { CHANGE_JOB_TASK } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { startTestServer, type TestServer } from '../support/test-server';
import { base64, pluginTarball } from './plugin-tarball';

let server: TestServer;

const ticket = {
  nameSingular: 'ticket',
  namePlural: 'tickets',
  labelSingular: 'Ticket',
  labelPlural: 'Tickets',
  fields: [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'touched', label: 'Touched', type: 'NUMBER' },
  ],
};

const manifest = (version: string, http: string[] = []) => ({
  name: 'ticket-desk',
  version,
  engine: '^1',
  permissions: { http },
  settings: {
    type: 'object',
    properties: { prefix: { type: 'string', default: '#' }, token: { type: 'string', secret: true } },
  },
  contributes: {
    objects: [ticket],
    hooks: [
      { object: 'ticket', on: 'beforeCreate' },
      { object: 'ticket', on: 'afterCreate' },
      { object: 'ticket', on: 'afterUpdate' },
    ],
  },
});

const BUNDLE = `module.exports = { hooks: { ticket: {
  beforeCreate: (event, ctx) => ({ data: { title: ctx.settings.prefix + event.data.title.trim() } }),
  afterCreate: async (event, ctx) => {
    ctx.log.info('token ' + (ctx.settings.token ? 'set' : 'missing'));
    await ctx.records.update('ticket', event.id, { touched: (event.record.touched ?? 0) + 1 });
  },
  // Would call itself without end if a plugin's hooks saw its own writes.
  afterUpdate: async (event, ctx) => {
    await ctx.records.update('ticket', event.id, { touched: (event.record.touched ?? 0) + 1 });
  },
} } };`;

const CHANGE = `applied needsApproval permissions addedPermissions removedPermissions metadataPlan version previousVersion`;

async function metadata<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
  const result = await server.metadataGql<T>(query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function install(version: string, args: string, http: string[] = [], mutation = 'installPlugin') {
  const tarball = base64(await pluginTarball(manifest(version, http), BUNDLE));
  const result = await metadata<Record<string, Record<string, unknown>>>(
    `mutation($t: String!) { ${mutation}(tarball: $t${args}) { ${CHANGE} } }`,
    { t: tarball },
  );
  return result[mutation]!;
}

async function plugins() {
  return (
    await metadata<{ plugins: Array<Record<string, unknown> & { calls: Array<Record<string, unknown>> }> }>(
      '{ plugins { name version enabled permissions settings secretsSet hooks callsToday failuresToday calls { entry outcome logs } } }',
    )
  ).plugins;
}

async function createTicket(title: string) {
  const result = await server.gql<{ createTicket: { id: string; title: string } }>(
    'mutation($t: String!) { createTicket(data: { title: $t }) { id title } }',
    { t: title },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.createTicket;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let tries = 0; tries < 300; tries++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never saw ${what}`);
}

beforeAll(async () => {
  server = await startTestServer({ workspace: 'pluginlife', worker: true });
});
afterAll(async () => {
  await server?.close();
});

describe('plugin lifecycle on a running server', () => {
  test('an install is shown with its permissions and metadata until approved', async () => {
    const shown = await install('1.0.0', '');
    expect(shown).toMatchObject({ applied: false, needsApproval: true, addedPermissions: ['own object ticket'] });
    expect((shown.metadataPlan as string[]).join('\n')).toContain('create table');
    expect(await plugins()).toEqual([]);
    expect((await metadata<{ object: null }>('{ object(name: "ticket") { id } }')).object).toBeNull();

    expect(await install('1.0.0', ', approve: true')).toMatchObject({ applied: true, version: '1.0.0' });
    expect((await metadata<{ object: { id: string } }>('{ object(name: "ticket") { id } }')).object).not.toBeNull();
    expect(await plugins()).toMatchObject([
      { name: 'ticket-desk', enabled: true, settings: { prefix: '#' }, secretsSet: [] },
    ]);
  });

  test('settings: secret ones are stored write-only and reach the plugin', async () => {
    const { configurePlugin } = await metadata<{ configurePlugin: Record<string, unknown> }>(
      'mutation { configurePlugin(name: "ticket-desk", settings: { prefix: "T-", token: "s3cret" }) { settings secretsSet } }',
    );
    expect(configurePlugin).toEqual({ settings: { prefix: 'T-' }, secretsSet: ['token'] });
    // Plugins and their settings are the admins': a member is refused before any resolver runs.
    const member = { email: 'member@pluginlife.test', password: 'member password 123' };
    await createUser(server.database.opened.db, { workspace: 'pluginlife', ...member, role: 'member' });
    const signedIn = await server.signIn(member.email, member.password);
    const refusedMember = await server.metadataGql('{ plugins { name settings } }', {}, signedIn.body.token as string);
    expect(refusedMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refusedMember)).not.toContain('T-');
    const refused = await server.metadataGql(
      'mutation { configurePlugin(name: "ticket-desk", settings: { prefix: 3 }) { name } }',
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings.prefix' });
  });

  test('the before-hook changes the record written; the after-hook runs after commit on the job queue', async () => {
    const created = await createTicket('  Printer on fire ');
    expect(created.title).toBe('T-Printer on fire');
    await until('the after-hook', async () => {
      const { data } = await server.gql<{ ticket: { touched: number | null } }>(
        'query($id: ID!) { ticket(id: $id) { touched } }',
        { id: created.id },
      );
      return data?.ticket.touched === 1;
    });
    // The call is logged when it returns, after its write committed.
    const plugin = await until('the after-hook in the call log', async () => {
      const [installed] = await plugins();
      return installed?.calls.some((it) => it.entry === 'hooks.ticket.afterCreate') && installed;
    });
    const entries = plugin.calls.map((it) => `${it.entry} ${it.outcome}`);
    expect(entries).toContain('hooks.ticket.beforeCreate ok');
    expect(entries).toContain('hooks.ticket.afterCreate ok');
    expect(plugin.calls.find((it) => it.entry === 'hooks.ticket.afterCreate')?.logs).toEqual([
      { level: 'info', message: 'token set' },
    ]);
    expect(plugin).toMatchObject({ failuresToday: 0 });
    // Its own update of the ticket reached no hook of its own: once the change jobs are worked,
    // touched is still 1 and afterUpdate was never called.
    await until(
      'the change jobs to be worked',
      async () => (await queuedJobs(server.database.opened.db, CHANGE_JOB_TASK)).length === 0,
    );
    const { data: after } = await server.gql<{ ticket: { touched: number } }>(
      'query($id: ID!) { ticket(id: $id) { touched } }',
      {
        id: created.id,
      },
    );
    expect(after?.ticket.touched).toBe(1);
    expect((await plugins())[0]?.calls.some((it) => it.entry === 'hooks.ticket.afterUpdate')).toBe(false);
    const { pluginQuota } = await metadata<{ pluginQuota: { callsPerMinute: number; cpuMsLastHour: number } }>(
      '{ pluginQuota { callsPerMinute cpuMsLastHour } }',
    );
    expect(pluginQuota.callsPerMinute).toBe(1200);
    // Counted on the node that ran them (this one runs both the hooks and the worker), by the hour.
    expect(pluginQuota.cpuMsLastHour).toBeGreaterThan(0);
    expect(plugin.callsToday).toBeGreaterThanOrEqual(2);
  });

  test('a disabled plugin no longer hooks writes; enabled again, it does', async () => {
    const disabled = await metadata<{ setPluginEnabled: { enabled: boolean } }>(
      'mutation { setPluginEnabled(name: "ticket-desk", enabled: false) { enabled } }',
    );
    expect(disabled.setPluginEnabled.enabled).toBe(false);
    expect((await createTicket(' plain ')).title).toBe(' plain ');
    await metadata('mutation { setPluginEnabled(name: "ticket-desk", enabled: true) { enabled } }');
    expect((await createTicket(' hooked ')).title).toBe('T-hooked');
  });

  test('an upgrade asking for more permissions waits for approval; one asking for none does not', async () => {
    expect(await install('1.1.0', '', ['api.example.com'], 'upgradePlugin')).toMatchObject({
      applied: false,
      needsApproval: true,
      previousVersion: '1.0.0',
      addedPermissions: ['http api.example.com'],
    });
    expect((await plugins())[0]).toMatchObject({ version: '1.0.0' });
    expect(await install('1.1.0', ', approve: true', ['api.example.com'], 'upgradePlugin')).toMatchObject({
      applied: true,
    });
    expect(await install('1.2.0', '', [], 'upgradePlugin')).toMatchObject({
      applied: true,
      needsApproval: false,
      removedPermissions: ['http api.example.com'],
    });
    // Settings survive the upgrades.
    expect((await plugins())[0]).toMatchObject({ version: '1.2.0', settings: { prefix: 'T-' }, secretsSet: ['token'] });
    // A setting that became secret leaves the row: its old value is never shown again.
    const secretPrefix = manifest('1.3.0');
    secretPrefix.settings.properties.prefix = { type: 'string', secret: true } as never;
    const upgraded = await metadata<{ upgradePlugin: { applied: boolean } }>(
      'mutation($t: String!) { upgradePlugin(tarball: $t) { applied } }',
      { t: base64(await pluginTarball(secretPrefix, BUNDLE)) },
    );
    expect(upgraded.upgradePlugin.applied).toBe(true);
    const [afterSecret] = await plugins();
    expect([afterSecret?.version, afterSecret?.settings, afterSecret?.secretsSet]).toEqual(['1.3.0', {}, ['token']]);
    const older = await server.metadataGql(`mutation($t: String!) { upgradePlugin(tarball: $t) { applied } }`, {
      t: base64(await pluginTarball(manifest('1.0.5'), BUNDLE)),
    });
    expect(older.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relata.version' });
  });

  test('uninstall keeps the contributed object and its records unless asked to remove them', async () => {
    await metadata('mutation { uninstallPlugin(name: "ticket-desk") }');
    expect(await plugins()).toEqual([]);
    expect((await createTicket(' kept ')).title).toBe(' kept ');
    const secrets = await metadata<{ secrets: Array<{ name: string }> }>('{ secrets { name } }');
    expect(secrets.secrets.filter((it) => it.name.startsWith('plugin.'))).toEqual([]);

    await install('1.0.0', ', approve: true');
    await metadata('mutation { uninstallPlugin(name: "ticket-desk", removeData: true) }');
    expect((await metadata<{ object: null }>('{ object(name: "ticket") { id } }')).object).toBeNull();
  });

  test('what the metadata planner refuses in the contributions is named by object and field keys', async () => {
    const widget = {
      nameSingular: 'widget',
      namePlural: 'widgets',
      labelSingular: 'Widget',
      labelPlural: 'Widgets',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT' },
        { name: 'maker', label: 'Maker', type: 'RELATION', relation: { target: 'nowhere', kind: 'MANY_TO_ONE' } },
      ],
    };
    const clash = (contributes: Record<string, unknown>) =>
      pluginTarball({ name: 'clash', version: '1.0.0', engine: '^1', contributes }, 'module.exports = {};');
    const refusal = async (contributes: Record<string, unknown>) => {
      const result = await server.metadataGql(
        'mutation($t: String!) { installPlugin(tarball: $t, dryRun: true) { applied } }',
        { t: base64(await clash(contributes)) },
      );
      return result.errors?.[0];
    };
    const ownField = await refusal({ objects: [widget] });
    expect(ownField?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: expect.stringMatching(/^relata\.contributes\.objects\.widget\.fields\.maker\b/),
    });
    expect(ownField?.message).not.toMatch(/\[\d+\]/);
    const onOther = await refusal({
      objects: [{ ...widget, fields: [widget.fields[0]] }],
      fields: [
        { object: 'widget', name: 'size', label: 'Size', type: 'NUMBER' },
        { object: 'widget', name: 'owner', label: 'Owner', type: 'RELATION', relation: { target: 'nowhere' } },
      ],
    });
    expect(onOther?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: expect.stringMatching(/^relata\.contributes\.fields\.widget\.owner\b/),
    });
  });
});
