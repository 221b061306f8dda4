import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PostgresBinaries } from './binaries';
import { type EmbeddedLayout, SOCKET_PORT, SUPERUSER } from './layout';
import { giveTo, type ServerUser } from './server-user';

const run = promisify(execFile);

export interface Credentials {
  password: string;
}

/** Runs a PostgreSQL program as the server's user; its output goes into the error when it fails. */
async function runAs(user: ServerUser | null, program: string, args: string[]): Promise<void> {
  try {
    await run(program, args, {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      // initdb and pg_ctl need a locale and a working folder the server's user may enter.
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      cwd: '/',
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${program.split('/').pop()} failed: ${(stderr || stdout || String(error)).trim()}`);
  }
}

/** Creates the cluster on first start: a generated superuser password, scram for every connection. */
export async function initCluster(
  bin: PostgresBinaries,
  layout: EmbeddedLayout,
  user: ServerUser | null,
): Promise<Credentials> {
  const credentials = { password: randomBytes(24).toString('base64url') };
  writeFileSync(layout.credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  mkdirSync(layout.pgData, { recursive: true, mode: 0o700 });
  giveTo(user, layout.pgData);
  prepareSocketDir(layout, user);
  // initdb reads the password from a file: in the server user's private folder, while initdb runs.
  const passwordFile = join(layout.socketDir, `.pw-${process.pid}`);
  writeFileSync(passwordFile, credentials.password, { mode: 0o600 });
  giveTo(user, passwordFile);
  try {
    await runAs(user, bin.initdb, [
      '-D',
      layout.pgData,
      '-U',
      SUPERUSER,
      '--pwfile',
      passwordFile,
      '--auth',
      'scram-sha-256',
      '--encoding',
      'UTF8',
      '--no-instructions',
    ]);
  } finally {
    rmSync(passwordFile, { force: true });
  }
  // Relata's own settings, rewritten at every start (the data folder may have moved).
  writeFileSync(join(layout.pgData, 'postgresql.conf'), "\ninclude_if_exists = 'relata.conf'\n", { flag: 'a' });
  return credentials;
}

export function readCredentials(layout: EmbeddedLayout): Credentials {
  return JSON.parse(readFileSync(layout.credentialsFile, 'utf8')) as Credentials;
}

const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** True when the cluster's postmaster runs; a pid file left by a killed server is removed. */
export function clusterRunning(layout: EmbeddedLayout): boolean {
  const pidFile = join(layout.pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (process.platform === 'linux' ? commandOf(pid).includes('postgres') : signalable(pid)) return true;
  // After `kill -9` the pid may since belong to another process: PostgreSQL would then refuse to start.
  rmSync(pidFile, { force: true });
  return false;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function prepareSocketDir(layout: EmbeddedLayout, user: ServerUser | null): void {
  mkdirSync(layout.socketDir, { recursive: true, mode: 0o700 });
  chmodSync(layout.socketDir, 0o700);
  giveTo(user, layout.socketDir);
}

export async function startCluster(bin: PostgresBinaries, layout: EmbeddedLayout, user: ServerUser | null) {
  prepareSocketDir(layout, user);
  // Socket only, in a folder only the server's user (and root) may enter: no TCP port at all.
  const settings = [
    "listen_addresses = ''",
    `unix_socket_directories = ${quoted(layout.socketDir)}`,
    'unix_socket_permissions = 0700',
    `port = ${SOCKET_PORT}`,
    // Each test file, node and CLI command holds a pool of up to 10.
    'max_connections = 300',
    'shared_buffers = 128MB',
  ];
  const conf = join(layout.pgData, 'relata.conf');
  writeFileSync(conf, `${settings.join('\n')}\n`);
  giveTo(user, conf);
  if (!existsSync(layout.logFile)) writeFileSync(layout.logFile, '');
  giveTo(user, layout.logFile);
  await runAs(user, bin.pgCtl, ['start', '-D', layout.pgData, '-l', layout.logFile, '-w', '-t', '120', '-s']);
}

export async function stopCluster(bin: PostgresBinaries, layout: EmbeddedLayout, user: ServerUser | null) {
  if (!clusterRunning(layout)) return;
  await runAs(user, bin.pgCtl, ['stop', '-D', layout.pgData, '-m', 'fast', '-w', '-t', '60', '-s']);
}
