/**
 * Plugins on one running server, as an admin installs them (`/metadata`) and users reach them
 * (`/graphql`): the sandbox attacks that matter end to end (hostile code in a before-hook fails
 * that write alone: the server answers, a bystander plugin's hook still runs, nothing is written,
 * the call log says why), and the SDK README's quick start followed from an empty folder.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPlugin } from '@relata/plugin-sdk/build';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { base64, pluginTarball } from './plugin-tarball';

const SDK = fileURLToPath(new URL('../../plugins/sdk', import.meta.url));

/** A fresh workspace has no objects: the hostile plugin brings the one it hooks. */
const TARGET = {
  nameSingular: 'target',
  namePlural: 'targets',
  labelSingular: 'Target',
  labelPlural: 'Targets',
  fields: [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'note', label: 'Note', type: 'TEXT' },
  ],
};

/** One hook, one attack per target title; granted to write titles only, no HTTP host. */
const HOSTILE = {
  name: 'hostile',
  version: '1.0.0',
  engine: '^1',
  permissions: { write: [{ object: 'target', fields: ['title'] }] },
  contributes: { objects: [TARGET], hooks: [{ object: 'target', on: 'beforeCreate' }] },
};
const HOSTILE_BUNDLE = `const attacks = {
  'cpu loop': () => { while (true) {} },
  'never-settling promise': () => new Promise(() => {}),
  'ArrayBuffer bomb': () => { const kept = []; for (;;) kept.push(new Uint8Array(64 * 1024 * 1024).fill(1)); },
  'Map bomb': () => { const m = new Map(); for (let i = 0; ; i++) m.set(i, 'v' + i); },
  'Function constructor escape': function () { return { data: { title: String(this.constructor.constructor('return process')().pid) } }; },
  'globalThis scan': () => ({ reject: 'found:' + Object.getOwnPropertyNames(globalThis)
    .filter((k) => /^(process|require|Buffer|global|fetch|_?ivm|Reference|ExternalCopy|Callback|Isolate|Context|\\$.*)$/.test(k)).join(',') }),
  'reading an object not granted': (event, ctx) => ctx.records.find('vault', {}),
  'fetching the server over loopback': (event, ctx) => ctx.http.fetch({ url: event.data.title.split(' ').pop() }),
  'writing a field not granted': () => ({ data: { note: 'written by the hook' } }),
};
module.exports = { hooks: { target: {
  beforeCreate: (event, ctx) => attacks[event.data.title.replace(/ http.*$/, '')]?.call(globalThis, event, ctx),
} } };`;

/** A well-behaved plugin beside it: its hook must keep working after every attack. */
const BYSTANDER = {
  name: 'tidy',
  version: '1.0.0',
  engine: '^1',
  permissions: { write: [{ object: 'target', fields: ['title'] }] },
  contributes: {
    objects: [
      { ...TARGET, nameSingular: 'vault', namePlural: 'vaults', labelSingular: 'Vault', labelPlural: 'Vaults' },
    ],
    hooks: [{ object: 'target', on: 'beforeCreate' }],
  },
};
/**
 * Runs after the hostile hook (hooks run in plugin name order), which lets any other title
 * through; brings an object the hostile plugin was not granted.
 */
const BYSTANDER_BUNDLE = `module.exports = { hooks: { target: {
  beforeCreate: (event) => ({ data: { title: event.data.title + ' (checked)' } }),
} } };`;

let server: TestServer;
let folder: string;

async function install(relata: { name: string; version: string }, bundle: string): Promise<void> {
  const answer = await server.metadataGql<{ installPlugin: { applied: boolean } }>(
    'mutation($t: String!) { installPlugin(tarball: $t, approve: true) { applied } }',
    { t: base64(await pluginTarball(relata, bundle)) },
  );
  expect(answer.data?.installPlugin.applied, JSON.stringify(answer.errors)).toBe(true);
}

async function latestCall(plugin: string) {
  const { data } = await server.metadataGql<{
    plugins: Array<{ name: string; calls: Array<{ outcome: string; reason: string | null; error: string | null }> }>;
  }>('{ plugins { name calls(first: 1) { outcome reason error } } }');
  return data?.plugins.find((it) => it.name === plugin)?.calls[0];
}

beforeAll(async () => {
  server = await startTestServer();
  await install(HOSTILE, HOSTILE_BUNDLE);
  await install(BYSTANDER, BYSTANDER_BUNDLE);
  folder = await mkdtemp(join(tmpdir(), 'relata-quick-start-'));
});
afterAll(async () => {
  await server?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('sandbox attacks through /graphql', () => {
  // What the call log says for each (several where the machine's load decides, as in sandbox-attacks;
  // the server's default limits give 200 ms of CPU, which a bomb filling memory can reach first).
  const HEAP = ['memory', 'crashed', 'timeout', 'cpu'];
  const attacks: Array<[attack: string, outcome: 'failed' | 'refused', reasons: string[]]> = [
    ['cpu loop', 'failed', ['cpu']],
    ['never-settling promise', 'failed', ['timeout']],
    ['ArrayBuffer bomb', 'failed', ['memory', 'cpu']],
    ['Map bomb', 'failed', HEAP],
    ['Function constructor escape', 'failed', ['threw']],
    // The plugin is answered as for an unknown object (plugin-records.test); the log says refused.
    ['reading an object not granted', 'refused', ['permission']],
    ['fetching the server over loopback', 'refused', ['permission']],
    ['writing a field not granted', 'refused', ['permission']],
  ];
  for (const [attack, outcome, reasons] of attacks) {
    test(`${attack}: that write fails alone, nothing is written, the log says why`, async () => {
      const name = attack === 'fetching the server over loopback' ? `${attack} ${server.url}/health` : attack;
      const created = await server.gql('mutation($n: String!) { createTarget(data: { title: $n }) { id } }', {
        n: name,
      });
      expect(created.errors?.[0]?.extensions).toMatchObject({ code: 'PLUGIN_FAILED' });
      const call = await latestCall('hostile');
      expect(call?.outcome, JSON.stringify(call)).toBe(outcome);
      expect(reasons).toContain(call?.reason);
      await expectNothingWrittenAndBystanderServed(name);
    });
  }

  test('globalThis holds no host reference', async () => {
    const scanned = await server.gql('mutation { createTarget(data: { title: "globalThis scan" }) { id } }');
    expect(scanned.errors?.[0]?.message).toBe('found:');
    await expectNothingWrittenAndBystanderServed('globalThis scan');
  });
});

async function expectNothingWrittenAndBystanderServed(title: string): Promise<void> {
  const found = await server.gql<{ targets: { totalCount: number } }>(
    'query($t: String!) { targets(filter: { title: { eq: $t } }) { totalCount } }',
    { t: title },
  );
  expect(found.data?.targets.totalCount).toBe(0);
  const served = await server.gql<{ createTarget: { title: string } }>(
    'mutation { createTarget(data: { title: "Bystander" }) { title } }',
  );
  expect(served.data?.createTarget.title).toBe('Bystander (checked)');
}

/** The fenced block of `lang` that follows the first line mentioning `after` in the SDK README. */
function blockAfter(readme: string, after: string, lang: string): string {
  const start = readme.indexOf(after);
  const open = readme.indexOf(`\`\`\`${lang}\n`, start);
  expect(start >= 0 && open > start).toBe(true);
  const body = open + lang.length + 4;
  return readme.slice(body, readme.indexOf('\n```', body) + 1);
}

describe('the SDK quick start', () => {
  // A build and an install with its own object: minutes on a loaded machine.
  test('from an empty folder: package.json and src/index.ts as the README shows, build, pack, install, use', {
    timeout: 180_000,
  }, async () => {
    const readme = await readFile(join(SDK, 'README.md'), 'utf8');
    await mkdir(join(folder, 'src'), { recursive: true });
    await writeFile(join(folder, 'package.json'), blockAfter(readme, '`package.json`:', 'json'));
    await writeFile(join(folder, 'src/index.ts'), blockAfter(readme, '`src/index.ts`:', 'ts'));
    // What `pnpm install` does in the checkout for `"@relata/plugin-sdk": "workspace:*"`.
    await mkdir(join(folder, 'node_modules/@relata'), { recursive: true });
    await symlink(SDK, join(folder, 'node_modules/@relata/plugin-sdk'), 'dir');

    // `pnpm run pack` (which builds first) in-process: the bin's own run is sdk-build-pack.test's.
    const packed = await packPlugin(folder);
    expect(packed.file).toBe(join(folder, 'discount-guard-1.0.0.tgz'));
    const tarball = await readFile(packed.file);

    // Installed as the studio does it: the raw upload, a dry run showing the permissions, the approval.
    const uploaded = await fetch(`${server.url}/metadata/plugin-uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/gzip' },
      body: new Uint8Array(tarball),
    });
    const { upload } = (await uploaded.json()) as { upload: string };
    const install = (approve: boolean) =>
      server.metadataGql<{ installPlugin: { applied: boolean; permissions: string[] } }>(
        `mutation($u: ID!) { installPlugin(upload: $u, approve: ${approve}) { applied permissions } }`,
        { u: upload },
      );
    const shown = await install(false);
    expect(shown.data?.installPlugin).toEqual({
      applied: false,
      permissions: ['write deal: title, discount', 'own object deal'],
    });
    expect((await install(true)).data?.installPlugin.applied).toBe(true);
    // The README's own test installs it with { maxDiscount: 20 }.
    await server.metadataGql(
      'mutation { configurePlugin(name: "discount-guard", settings: { maxDiscount: 20 }) { name } }',
    );

    // What the README's test expects, through the running server.
    const { data } = await server.gql<{ createDeal: { title: string } }>(
      'mutation { createDeal(data: { title: "  Big one ", discount: 10 }) { title } }',
    );
    expect(data?.createDeal.title).toBe('Big one');
    const refused = await server.gql('mutation { createDeal(data: { title: "x", discount: 30 }) { id } }');
    expect(refused.errors?.[0]).toMatchObject({
      message: 'No discount above 20%.',
      extensions: { field: 'data.discount' },
    });
  });
});
