import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmbeddedLayout } from './layout';

const STALE_LOCK_MS = 120_000;

/**
 * Runs `work` while holding the data folder's join/leave lock, a folder made atomically by mkdir:
 * deciding to start or stop the server and registering as a user of it never interleave.
 */
export async function withClusterLock<T>(layout: EmbeddedLayout, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + STALE_LOCK_MS + 10_000;
  for (;;) {
    try {
      mkdirSync(layout.lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder killed mid-start leaves the folder behind; no start takes this long.
      if (Date.now() - statSync(layout.lockDir, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) {
        rmSync(layout.lockDir, { recursive: true, force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`The embedded database in ${layout.pgData} is locked by ${layout.lockDir}.`);
      }
      await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(layout.lockDir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks this process as a user of the server. */
export function register(layout: EmbeddedLayout): void {
  mkdirSync(layout.clientsDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(layout.clientsDir, String(process.pid)), '');
}

/** Unmarks this process; returns how many live processes still use the server (dead ones are pruned). */
export function unregister(layout: EmbeddedLayout): number {
  rmSync(join(layout.clientsDir, String(process.pid)), { force: true });
  let others = 0;
  for (const name of readdirSync(layout.clientsDir, { withFileTypes: false }) as string[]) {
    if (alive(Number(name))) others++;
    else rmSync(join(layout.clientsDir, name), { force: true });
  }
  return others;
}
