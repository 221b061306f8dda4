import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { num } from '../report';
import { type BenchContext, reason } from './bench-context';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY = 'Relata is running at ';
const GIVE_UP_MS = 180_000;

/** Runs `relata start` on `dataDir` until it says it is running; returns the seconds that took, then stops it. */
function timedStart(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--import', 'tsx', 'runtime/src/cli/main.ts', 'start'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: '0',
          HOST: '127.0.0.1',
          RELATA_DATA_DIR: dataDir,
          DATABASE_URL: '',
        },
      },
    );
    let out = '';
    let seconds: number | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), GIVE_UP_MS);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (seconds === null && out.includes(READY)) {
        seconds = (performance.now() - started) / 1000;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (seconds !== null && code === 0) resolve(seconds);
      else reject(new Error(`relata start exited with ${code} before or while stopping: ${out.slice(-300)}`));
    });
  });
}

/**
 * Issue 9: start-up of `relata start` on the embedded PostgreSQL 18, from the process start to
 * "Relata is running": first on an empty data folder (initdb, migrations, demo workspace and
 * data), then warm (the folder kept, the server stopped in between), the best of three.
 */
export async function startUp(ctx: BenchContext): Promise<void> {
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
