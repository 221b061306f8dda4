/**
 * The SDK as a plugin author uses it: a package in an empty folder, `relata-plugin build` and
 * `pack` (through its real bin), the host reading the tarball and running the bundle in the sandbox.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readPluginFolder, readPluginTarball, SandboxPool } from '@relata/core';
import { buildPlugin, packPlugin } from '@relata/plugin-sdk/build';
import { createTarGzip } from 'nanotar';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const BIN = fileURLToPath(new URL('../../plugins/sdk/bin/relata-plugin.mjs', import.meta.url));
const run = promisify(execFile);
// A `relata-plugin` process loads @relata/core through tsx (~4 s of CPU): 20-60 s of wall time while
// the three suites share 2 cores, so its tests get the timeout of the other CLI tests.
const CLI_TIMEOUT = 180_000;

const manifest = {
  name: 'discount-guard',
  version: '1.0.0',
  engine: '^1',
  permissions: { read: ['opportunity'], write: ['opportunity'] },
  contributes: {
    hooks: [{ object: 'opportunity', on: 'beforeUpdate' }],
    actions: [{ name: 'normalise', input: { type: 'object', properties: { name: { type: 'string' } } } }],
  },
};

const source = `import { definePlugin } from '@relata/plugin-sdk';

interface Opportunity { name: string; discount: number }

export default definePlugin<{ opportunity: Opportunity }>({
  hooks: {
    opportunity: {
      beforeUpdate(event) {
        const discount = event.data.discount ?? 0;
        if (discount > 50) return { reject: 'No discount above 50%.', field: 'discount' };
        return { data: { ...event.data, name: event.data.name?.trim() } };
      },
    },
  },
  actions: {
    normalise: (input: { name: string }) => ({ name: input.name.trim().toUpperCase() }),
  },
});
`;

let folder: string;
const pool = new SandboxPool(1);

async function writePlugin(dir: string, code = source, relata: unknown = manifest): Promise<void> {
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'discount-guard', version: '1.0.0', relata }));
  await writeFile(join(dir, 'src/index.ts'), code);
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'relata-plugin-'));
  await writePlugin(folder);
});
afterAll(async () => {
  await pool.close();
  await rm(folder, { recursive: true, force: true });
});

describe('relata-plugin build', () => {
  test('bundles TypeScript and the SDK into one CommonJS file the sandbox runs', async () => {
    const built = await buildPlugin(folder);
    expect(built.bundlePath).toBe(join(folder, 'dist/plugin.js'));
    const plugin = await readPluginFolder(folder);
    const code = { key: `discount-guard@1.0.0#${plugin.bundleSha256}`, name: 'discount-guard', source: plugin.bundle };
    const call = (entry: string, input: unknown) => pool.call({ plugin: code, entry, input, host: async () => null });
    const accepted = await call('hooks.opportunity.beforeUpdate', { data: { name: '  Big deal ', discount: 10 } });
    expect(accepted.output).toEqual({ data: { name: 'Big deal', discount: 10 } });
    const refused = await call('hooks.opportunity.beforeUpdate', { data: { discount: 70 } });
    expect(refused.output).toEqual({ reject: 'No discount above 50%.', field: 'discount' });
    expect((await call('actions.normalise', { name: ' acme ' })).output).toEqual({ name: 'ACME' });
  });

  test('a plugin importing a Node API fails to build, saying why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relata-plugin-node-'));
    try {
      await writePlugin(
        dir,
        `import { readFileSync } from 'node:fs';\nexport default { actions: { normalise: () => readFileSync('/etc/passwd', 'utf8') } };`,
      );
      await expect(buildPlugin(dir)).rejects.toThrow(/node:fs.*plugins run without Node APIs/s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the CLI names the manifest key that is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relata-plugin-bad-'));
    try {
      await writePlugin(dir, source, { ...manifest, permissions: { http: ['https://api.example.com'] } });
      const failed = await run(process.execPath, [BIN, 'build', '--dir', dir]).catch(
        (error: { stderr: string; code: number }) => error,
      );
      expect(failed).toMatchObject({ code: 1 });
      expect((failed as { stderr: string }).stderr).toContain('at relata.permissions.http[0]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, CLI_TIMEOUT);
});

describe('relata-plugin pack', () => {
  test('writes a tarball whose integrity the host verifies; packing again gives the same bytes', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'pack', '--dir', folder]);
    const integrity = /integrity (sha512-\S+)/.exec(stdout)?.[1];
    expect(integrity).toBeDefined();
    const tarball = await readFile(join(folder, 'discount-guard-1.0.0.tgz'));
    const plugin = readPluginTarball(tarball, integrity);
    expect(plugin.manifest.name).toBe('discount-guard');
    expect(plugin.bundle).toBe(await readFile(join(folder, 'dist/plugin.js'), 'utf8'));
    expect((await packPlugin(folder)).integrity).toBe(integrity);
    expect(() => readPluginTarball(tarball, `sha512-${Buffer.alloc(64).toString('base64')}`)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', details: { field: 'integrity' } }),
    );
  }, CLI_TIMEOUT);

  test('the host reads only the manifest and the bundle: a forged code cache or snapshot is ignored', async () => {
    const bundle = 'module.exports = { actions: { normalise: () => "from source" } };';
    const attrs = { mtime: 0 };
    const forged = await createTarGzip([
      { name: 'package/package.json', data: JSON.stringify({ version: '1.0.0', relata: manifest }), attrs },
      { name: 'package/dist/plugin.js', data: bundle, attrs },
      { name: 'package/dist/plugin.js.cache', data: new Uint8Array(512).fill(7), attrs },
      { name: 'package/snapshot.blob', data: new Uint8Array(512).fill(9), attrs },
    ]);
    const plugin = readPluginTarball(forged);
    expect(plugin.bundle).toBe(bundle);
    expect(Object.keys(plugin).sort()).toEqual(['bundle', 'bundleSha256', 'integrity', 'manifest']);
    const output = await pool.call({
      plugin: { key: `forged#${plugin.bundleSha256}`, name: 'discount-guard', source: plugin.bundle },
      entry: 'actions.normalise',
      input: {},
      host: async () => null,
    });
    expect(output.output).toBe('from source');
  });

  test('a tarball without its bundle, or that is not a tarball, is refused', async () => {
    const empty = await createTarGzip([
      { name: 'package/package.json', data: JSON.stringify({ relata: manifest }) },
      { name: 'package/dist/plugin.js', attrs: { mode: '777' } },
    ]);
    expect(() => readPluginTarball(empty)).toThrow(expect.objectContaining({ details: { field: 'relata.entry' } }));
    expect(() => readPluginTarball(Buffer.from('not a tarball'))).toThrow(/not a gzip file/);
  });
});
