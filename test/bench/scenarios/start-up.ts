import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { num } from '../report';
import { type BenchContext, reason } from './bench-context';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY = 'Relata is running at ';
/** The quick start's limit is 3 minutes; past twice that, the row says it was not measured. */
const GIVE_UP_MS = 360_000;

interface TimedProcess {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether it must exit with 0 once interrupted (`relata start` does; npm reports the interrupt as a failure). */
  cleanExit: boolean;
}

/**
 * Runs the process until it says Relata is running; returns the seconds that took, then interrupts
 * its whole process group (npm and pnpm do not pass a signal on to their children).
 */
function secondsToReady({ command, args, cwd, env, cleanExit }: TimedProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, detached: true });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // The group is gone already.
      }
    };
    let out = '';
    let seconds: number | null = null;
    const timer = setTimeout(() => signalGroup('SIGKILL'), GIVE_UP_MS);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (seconds === null && out.includes(READY)) {
        seconds = (performance.now() - started) / 1000;
        signalGroup('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (seconds !== null && (code === 0 || !cleanExit)) resolve(seconds);
      else reject(new Error(`${command} exited with ${code} before or while stopping: ${out.slice(-1500)}`));
    });
  });
}

/** `relata start` on `dataDir`, timed to "Relata is running". */
const timedStart = (dataDir: string) =>
  secondsToReady({
    command: process.execPath,
    args: ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/cli/main.ts', 'start'],
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      RELATA_DATA_DIR: dataDir,
      DATABASE_URL: '',
    },
    cleanExit: true,
  });

/**
 * The README's first command on a clean clone of this commit, as on a fresh machine: an empty npm
 * cache and pnpm store, so Node 24, pnpm and every package come from the registry; then the
 * studio and plugin builds, the embedded database's creation and the demo data.
 */
function timedQuickstart(scratch: string): Promise<number> {
  const clone = join(scratch, 'relata');
  execFileSync('git', ['clone', '--quiet', '--local', ROOT, clone]);
  const { NODE_ENV: _mode, ...env } = process.env;
  return secondsToReady({
    command: 'npm',
    args: ['run', 'quickstart'],
    cwd: clone,
    env: {
      ...env,
      npm_config_cache: join(scratch, 'npm-cache'),
      npm_config_store_dir: join(scratch, 'pnpm-store'),
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
    },
    cleanExit: false,
  });
}

/**
 * Issue 9: start-up of `relata start` on the embedded PostgreSQL 18, from the process start to
 * "Relata is running": first on an empty data folder (initdb, migrations, demo workspace and
 * data), then warm (the folder kept, the server stopped in between), the best of three; and the
 * whole `npm run quickstart` on a clean clone with nothing cached.
 */
export async function startUp(ctx: BenchContext): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'relata-bench-quickstart-'));
  try {
    const seconds = await timedQuickstart(scratch);
    ctx.rows.push({
      metric: '9h. npm run quickstart, clean clone, empty npm cache and pnpm store (install, builds, first start): s',
      relata: num(seconds, 1),
      baseline: '—',
      ratio: '—',
      target: '< 180 s',
      pass: seconds < 180,
    });
  } catch (error) {
    ctx.notes.push(`quick start not measured: ${reason(error)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'relata-bench-start-'));
  try {
    const first = await timedStart(dataDir);
    const warm = Math.min(await timedStart(dataDir), await timedStart(dataDir), await timedStart(dataDir));
    ctx.rows.push(
      {
        metric: '9e. relata start, empty data folder (embedded PostgreSQL 18: initdb, migrations, demo data): s',
        relata: num(first, 1),
        baseline: '—',
        ratio: '—',
        target: 'measure (npm run quickstart adds install and studio build: < 3 min)',
        pass: null,
      },
      {
        metric: '9f. relata start, warm (data folder kept): s, best of 3',
        relata: num(warm, 1),
        baseline: '—',
        ratio: '—',
        target: '< 5 s',
        pass: warm < 5,
      },
    );
  } catch (error) {
    ctx.notes.push(`start-up not measured: ${reason(error)}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
