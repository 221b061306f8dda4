/**
 * `relata plugin ...` as an operator runs it: install from a tarball (shown, refused until
 * approved), list, disable, configure, upgrade from a folder, uninstall; bad input exits 2.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relataCli } from '../support/relata-cli';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/test-database';
import { bigPluginTarball, pluginTarball } from './plugin-tarball';

// Every command is a fresh process that loads its command's bundle and opens the database: about
// 2 s of CPU each (6 s through tsx), more in wall time while the three suites share 2 cores (the session runs 13).
const CLI_SESSION_TIMEOUT = 600_000;
let dataDir: string;
let database: TestDatabase | null = null;
let relata: ReturnType<typeof relataCli>;

const relataManifest = (version: string, http: string[]) => ({
  name: 'greeter',
  version,
  engine: '^1',
  permissions: { read: ['greeting'], http },
  settings: { type: 'object', properties: { greeting: { type: 'string' }, apiKey: { type: 'string', secret: true } } },
  contributes: {
    actions: [{ name: 'greet' }],
    objects: [
      { nameSingular: 'greeting', namePlural: 'greetings', labelSingular: 'Greeting', labelPlural: 'Greetings' },
    ],
  },
});
const BUNDLE = 'module.exports = { actions: { greet: (input, ctx) => ctx.settings.greeting + " " + input.name } };';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'relata-plugin-cli-'));
  if (testDatabaseKind === 'postgres') database = await createTestDatabase();
  relata = relataCli({ dataDir, databaseUrl: database?.databaseUrl });
  writeFileSync(join(dataDir, 'greeter-1.0.0.tgz'), await pluginTarball(relataManifest('1.0.0', []), BUNDLE));
  const folder = join(dataDir, 'greeter');
  mkdirSync(join(folder, 'dist'), { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'greeter', version: '1.1.0', relata: relataManifest('1.1.0', ['api.example.com']) }),
  );
  writeFileSync(join(folder, 'dist/plugin.js'), BUNDLE);
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

describe('relata plugin', () => {
  test('usage errors exit 2 naming what is wrong', async () => {
    expect(await relata(['plugin', 'frob'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('relata plugin install'),
    });
    expect(await relata(['plugin', 'install', '--workspace', 'w'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('takes a .tgz file or a folder'),
    });
    expect(await relata(['plugin', 'list', '--workspace', 'w', '--approve'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('takes no --approve'),
    });
  }, 180_000);

  test(
    'install, list, disable, configure, upgrade and uninstall',
    async () => {
      await relata(['workspace', 'create', '--slug', 'shop', '--name', 'Shop']);
      const unknown = join(dataDir, 'unknown.tgz');
      writeFileSync(
        unknown,
        await pluginTarball({ ...relataManifest('1.0.0', []), permissions: { read: ['invoice'] } }, BUNDLE),
      );
      expect(await relata(['plugin', 'install', unknown, '--workspace', 'shop'])).toMatchObject({
        code: 2,
        out: expect.stringContaining('relata.permissions.read[0]: this workspace has no object "invoice".'),
      });
      const tarball = join(dataDir, 'greeter-1.0.0.tgz');
      const shown = await relata(['plugin', 'install', tarball, '--workspace', 'shop']);
      expect(shown.code).toBe(2);
      expect(shown.out).toContain('greeter 1.0.0');
      expect(shown.out).toContain('Permissions requested:\n  read greeting\n  own object greeting');
      expect(shown.out).toContain('Not installed: approve the new permissions above with --approve.');

      // A 6 MB tarball (assets beside the bundle): over a 5 MB RELATA_MAX_PLUGIN_TARBALL_BYTES it is
      // refused naming the limit; under the default 20 MB it installs.
      const big = join(dataDir, 'greeter-big.tgz');
      writeFileSync(big, await bigPluginTarball(relataManifest('1.0.0', []), BUNDLE, 6));
      const limited = await relata(['plugin', 'install', big, '--workspace', 'shop', '--approve'], {
        RELATA_MAX_PLUGIN_TARBALL_BYTES: String(5 * 1024 * 1024),
      });
      expect(limited.code).toBe(2);
      expect(limited.out).toContain('over the 5.0 MB limit (RELATA_MAX_PLUGIN_TARBALL_BYTES)');
      const installed = await relata(['plugin', 'install', big, '--workspace', 'shop', '--approve']);
      expect(installed).toMatchObject({ code: 0, out: expect.stringContaining('Installed greeter 1.0.0 (enabled).') });

      expect(await relata(['plugin', 'disable', 'greeter', '--workspace', 'shop'])).toMatchObject({ code: 0 });
      const configured = await relata([
        'plugin',
        'configure',
        'greeter',
        '--workspace',
        'shop',
        '--set',
        'greeting=Hi',
        '--set',
        'apiKey=k-1',
      ]);
      expect(configured).toMatchObject({ code: 0, out: expect.stringContaining('Settings of greeter saved.') });
      const bad = await relata(['plugin', 'configure', 'greeter', '--workspace', 'shop', '--set', 'colour=red']);
      expect(bad.code).toBe(2);
      expect(bad.out).toContain('colour');

      const folder = join(dataDir, 'greeter');
      const upgrade = await relata(['plugin', 'upgrade', folder, '--workspace', 'shop']);
      expect(upgrade.code).toBe(2);
      expect(upgrade.out).toContain('New since the approved version:\n  http api.example.com');
      expect(await relata(['plugin', 'upgrade', folder, '--workspace', 'shop', '--approve'])).toMatchObject({
        code: 0,
        out: expect.stringContaining('Upgraded greeter 1.0.0 -> 1.1.0.'),
      });

      const listed = await relata(['plugin', 'list', '--workspace', 'shop']);
      expect(listed.code).toBe(0);
      expect(listed.out).toMatch(
        /greeter.*1\.1\.0.*disabled.*read greeting; http api\.example\.com; own object greeting/,
      );

      expect(await relata(['plugin', 'uninstall', 'greeter', '--workspace', 'shop'])).toMatchObject({
        code: 0,
        out: expect.stringContaining('Plugin greeter uninstalled'),
      });
      expect(await relata(['plugin', 'list', '--workspace', 'shop'])).toMatchObject({
        code: 0,
        out: expect.stringContaining('No plugins installed.'),
      });
    },
    CLI_SESSION_TIMEOUT,
  );
});
