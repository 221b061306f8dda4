import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './cli-errors';

const LOCK_FILE = 'relata.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the embedded data folder for this process. PGlite is a single-process database: a second
 * process opening the same folder would corrupt it, so it is refused with a clear message.
 * @returns a function releasing the lock
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
      throw new UsageError(
        `Another Relata process (pid ${pid}) is using the embedded database in ${dataDir}. ` +
          'Stop it first, or point both at a PostgreSQL server with DATABASE_URL.',
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
