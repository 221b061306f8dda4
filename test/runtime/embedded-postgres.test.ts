import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { startEmbeddedPostgres } from '@relata/runtime';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';

// Each test starts real PostgreSQL 18 servers on a data folder of its own.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folders: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'relata-embedded-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function query<Row>(connection: pg.ClientConfig, sql: string): Promise<Row[]> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

const postmasterPid = (dataDir: string) =>
  Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
const running = (pid: number) => existsSync(`/proc/${pid}`);
const commandOf = (pid: string) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};
const serverProcessesOf = (dataDir: string) =>
  readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && commandOf(pid).includes(dataDir));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(50);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('the embedded PostgreSQL 18', () => {
  test('listens on a private socket only, with a generated password, and keeps its data across restarts', async () => {
    const dataDir = newDataDir();
    const first = await startEmbeddedPostgres(dataDir);
    const [settings] = await query<{ version: string; listen: string; socket: string }>(
      first.connection,
      "select version(), current_setting('listen_addresses') as listen, current_setting('unix_socket_permissions') as socket",
    );
    expect(settings).toMatchObject({ listen: '', socket: '0700' });
    expect(settings?.version).toMatch(/^PostgreSQL 18\./);
    expect(statSync(join(dataDir, 'embedded-postgres.json')).mode & 0o777).toBe(0o600);
    expect(statSync(first.connection.host).mode & 0o777).toBe(0o700);
    await expect(query({ ...first.connection, password: 'wrong' }, 'select 1')).rejects.toThrow(/password/);
    if (process.getuid?.() === 0) {
      // PostgreSQL refuses root: as root, the cluster belongs to the system user `postgres`.
      expect(statSync(join(dataDir, 'postgres')).uid).not.toBe(0);
    }
    await query(first.connection, "create table kept (note text); insert into kept values ('survives')");
    await first.stop();
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // Named relative to the working folder, as the default ./.relata/data is.
    const second = await startEmbeddedPostgres(relative(process.cwd(), dataDir));
    expect(await query(second.connection, 'select note from kept')).toEqual([{ note: 'survives' }]);
    await second.stop();
  });

  test('recovers from a server killed with -9: the stale pid file is cleared and the data is intact', async () => {
    const dataDir = newDataDir();
    const first = await startEmbeddedPostgres(dataDir);
    await query(first.connection, "create table kept (note text); insert into kept values ('committed')");
    const pid = postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await until(() => !running(pid), 'the killed postmaster to go');
    // Its backends notice the dead postmaster and leave; the next server must wait for none of them.
    await until(() => serverProcessesOf(dataDir).length === 0, 'the killed server backends to go');
    const second = await startEmbeddedPostgres(dataDir);
    expect(postmasterPid(dataDir)).not.toBe(pid);
    expect(await query(second.connection, 'select note from kept')).toEqual([{ note: 'committed' }]);
    await second.stop();
    await first.stop();
  });

  test('a CLI command joins the running server and leaves it running for the process that started it', async () => {
    const dataDir = newDataDir();
    const server = await startEmbeddedPostgres(dataDir);
    const pid = postmasterPid(dataDir);
    const cli = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--no-node-snapshot',
          '--import',
          'tsx',
          'runtime/src/cli/main.ts',
          'workspace',
          'create',
          '--slug',
          'beside',
          '--name',
          'Beside',
        ],
        { cwd: ROOT, env: { ...process.env, RELATA_DATA_DIR: dataDir, DATABASE_URL: '' } },
      );
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(cli).toMatchObject({ code: 0, out: expect.stringContaining('Workspace "beside" created') });
    expect(postmasterPid(dataDir)).toBe(pid);
    expect(await query(server.connection, "select slug from relata.workspaces where slug = 'beside'")).toHaveLength(1);
    await server.stop();
    await until(() => !running(pid), 'the last user to stop the server');
  }, 180_000); // two CLI processes and a server start: 40-60 s while the suites share 2 cores

  test('a data folder of the PGlite versions is moved into PostgreSQL 18, and kept as a backup', async () => {
    const dataDir = newDataDir();
    const pglite = await PGlite.create(join(dataDir, 'pg'));
    await pglite.exec(`create schema relata;
      create table relata.workspaces (id int primary key, slug text not null);
      insert into relata.workspaces values (1, 'acme'), (2, 'globex');`);
    await pglite.close();
    const progress: string[] = [];
    const server = await startEmbeddedPostgres(dataDir, (message) => progress.push(message));
    expect(await query(server.connection, 'select slug from relata.workspaces order by id')).toEqual([
      { slug: 'acme' },
      { slug: 'globex' },
    ]);
    expect(progress.join('\n')).toMatch(/Moving the PGlite database.*\n.*restoring[\s\S]*kept as/);
    expect(existsSync(join(dataDir, 'pg'))).toBe(false);
    expect(readdirSync(dataDir).some((name) => name.startsWith('pg.pglite-backup-'))).toBe(true);
    await server.stop();
  });
});
