import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { relataCli } from '../support/relata-cli';
import { buildRichModel } from './bundle-fixture';

// Every command is a fresh process that loads the engine and opens the database: seconds each.
const CLI_TIMEOUT = 240_000;
let fx: MetadataFixture;
let dir: string;
let relata: ReturnType<typeof relataCli>;

beforeAll(async () => {
  fx = await createMetadataFixture();
  dir = mkdtempSync(join(tmpdir(), 'relata-bundle-cli-'));
  relata = relataCli({ dataDir: join(dir, 'data'), databaseUrl: fx.test.databaseUrl });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fx.test.drop();
});

/** path -> content of every file under `root`. */
async function folder(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out[join(entry.parentPath, entry.name).slice(root.length + 1)] = await readFile(
        join(entry.parentPath, entry.name),
        'utf8',
      );
  }
  return out;
}

describe('relata export / plan / apply', () => {
  test(
    'export a workspace, plan and apply it to an empty one, export it again: the same files',
    async () => {
      const source = await fx.workspace('cli_source');
      await buildRichModel(fx.db, fx.metadata, source);
      await fx.workspace('cli_target');
      const out = join(dir, 'source');

      const exported = await relata(['export', '--workspace', 'cli_source', '--out', out]);
      expect(exported).toMatchObject({ code: 0, out: expect.stringContaining(`to ${out}`) });
      const files = await folder(out);
      expect(Object.keys(files)).toContain(join('objects', 'deal.yaml'));

      const plan = await relata(['plan', out, '--workspace', 'cli_target']);
      expect(plan.code).toBe(0);
      expect(plan.out).toContain('create object deal');
      expect(plan.out).toMatch(/\| create table "[^"]+"\."deals"/);

      const unconfirmed = await relata(['apply', out, '--workspace', 'cli_target']);
      expect(unconfirmed).toMatchObject({ code: 2, out: expect.stringContaining('Add --yes') });

      const applied = await relata(['apply', out, '--workspace', 'cli_target', '--yes']);
      expect(applied.code).toBe(0);
      expect(applied.out).toMatch(/\[1\/\d+\] create object company/);
      expect(applied.out).toContain('in one transaction');

      const again = join(dir, 'target');
      expect((await relata(['export', '--workspace', 'cli_target', '--out', again])).code).toBe(0);
      expect(await folder(again)).toEqual(files);
      expect((await relata(['plan', out, '--workspace', 'cli_target'])).out).toContain('already matches the files');
    },
    CLI_TIMEOUT,
  );

  test(
    'a broken file exits with code 2 naming the file and the path in it',
    async () => {
      const broken = join(dir, 'broken');
      const ws = await fx.workspace('cli_broken');
      await buildRichModel(fx.db, fx.metadata, ws);
      expect((await relata(['export', '--workspace', 'cli_broken', '--out', broken])).code).toBe(0);
      const deal = join(broken, 'objects', 'deal.yaml');
      writeFileSync(deal, (await readFile(deal, 'utf8')).replace('type: NUMBER', 'type: DECIMAL'));
      const plan = await relata(['plan', broken, '--workspace', 'cli_broken']);
      expect(plan.code).toBe(2);
      expect(plan.out).toContain('objects/deal.yaml at fields[1].type');
    },
    CLI_TIMEOUT,
  );
});
