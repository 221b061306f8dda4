/**
 * An install whose process is killed midway (kill -9: no handler runs, nothing is written on the
 * way out) must not stay RUNNING for ever: its owner lock goes with its connections, the next
 * look marks it FAILED with the reason, and the template can be installed again (issue 15).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { relataCli } from '../support/relata-cli';
import { FIXTURES } from './template-fixture';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI_TIMEOUT = 600_000;
let fx: MetadataFixture;
let dir: string;

beforeAll(async () => {
  fx = await createMetadataFixture();
  dir = mkdtempSync(join(tmpdir(), 'relata-template-crash-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fx.test.drop();
});

const env = () => ({
  ...process.env,
  RELATA_DATA_DIR: join(dir, 'data'),
  DATABASE_URL: fx.test.databaseUrl,
  RELATA_TEMPLATES_DIR: FIXTURES,
});

/** `relata <args>` as a process of its own, to be killed: its pid, output so far, and its end. */
function started(args: string[]) {
  const child = spawn(process.execPath, ['--no-node-snapshot', 'runtime/bin/relata-cli.mjs', ...args], {
    cwd: ROOT,
    env: env(),
  });
  const run = { pid: child.pid!, out: '', exited: false, child };
  child.stdout.on('data', (chunk) => (run.out += chunk));
  child.stderr.on('data', (chunk) => (run.out += chunk));
  const ended = new Promise<number | null>((resolve) =>
    child.on('exit', (_code, signal) => {
      run.exited = true;
      resolve(signal === null ? _code : null);
    }),
  );
  return { run, ended };
}

interface InstallRow {
  id: string;
  status: string;
  phase: string;
  owner: string | null;
  error: string | null;
}

const installsOf = async (workspaceId: string) =>
  (
    await fx.db.query<InstallRow>(
      'select id, status, phase, owner, error from relata.template_installs where workspace_id = $1 order by created_at',
      [workspaceId],
    )
  ).rows;

describe('a template install killed midway', () => {
  test(
    'refuses a second install while it lives; once killed, it is marked failed with the reason and the template installs again',
    async () => {
      const ws = await fx.workspace('tpl_killed');
      // Holds the install at its last step: the list of installed templates takes no writes while
      // this transaction lives (reads go on, so the plan is made and shown first).
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked = () => {};
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const blocker = fx.db.transaction(async (tx) => {
        await tx.query('lock table relata.workspace_templates in share mode');
        locked();
        await released;
      });
      await holding;

      const first = started(['template', 'install', 'mini', '--workspace', 'tpl_killed', '--yes']);
      let row: InstallRow | undefined;
      while (!row) {
        if (first.run.exited) throw new Error(`the install ended before it was held:\n${first.run.out}`);
        row = (await installsOf(ws.id)).find((r) => r.status === 'RUNNING' && r.phase === 'record');
        if (!row) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(row.owner).toMatch(new RegExp(`^pid ${first.run.pid} on `));

      // While it lives, a second install of the template into the workspace is refused, naming it.
      const relata = relataCli({ dataDir: join(dir, 'data'), databaseUrl: fx.test.databaseUrl });
      const refused = await relata(['template', 'install', 'mini', '--workspace', 'tpl_killed', '--yes'], {
        RELATA_TEMPLATES_DIR: FIXTURES,
      });
      expect(refused.code).not.toBe(0);
      expect(refused.out).toContain(`already being installed into tpl_killed (by pid ${first.run.pid} on `);
      const running = await relata(['template', 'status', 'mini', '--workspace', 'tpl_killed'], {
        RELATA_TEMPLATES_DIR: FIXTURES,
      });
      expect(running.out).toMatch(
        new RegExp(`Last install: RUNNING \\(record: recording the install\\) at .+ by pid ${first.run.pid} on `),
      );

      first.run.child.kill('SIGKILL');
      expect(await first.ended).toBeNull();
      release();
      await blocker;
      expect((await installsOf(ws.id)).map((r) => r.status)).toEqual(['RUNNING']);

      const again = await relata(['template', 'install', 'mini', '--workspace', 'tpl_killed', '--yes'], {
        RELATA_TEMPLATES_DIR: FIXTURES,
      });
      expect(again.code, again.out).toBe(0);
      expect(again.out).toMatch(
        new RegExp(
          `An earlier install of mini into tpl_killed \\(started .+ by pid ${first.run.pid} on .+\\) stopped before it finished`,
        ),
      );
      expect(again.out).toMatch(
        /Installed template mini 1 into tpl_killed in one transaction: \d+ step\(s\), 7 seed record\(s\)/,
      );
      const rows = await installsOf(ws.id);
      expect(rows.map((r) => [r.id === row!.id, r.status])).toEqual([
        [true, 'FAILED'],
        [false, 'DONE'],
      ]);
      expect(rows[0]!.error).toContain(`the process running it (pid ${first.run.pid} on `);
      expect(rows[0]!.error).toContain('install the template again');
      // The killed install's transaction left nothing: the seed is there once.
      const { rows: contacts } = await fx.db.query<{ n: number }>(
        'select count(*)::int as n from ws_tpl_killed.contacts',
      );
      expect(contacts[0]!.n).toBe(4);
    },
    CLI_TIMEOUT,
  );
});
