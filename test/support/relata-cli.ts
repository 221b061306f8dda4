import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  out: string;
}

/**
 * `relata <args>` as a user runs it (`pnpm relata`: a child process from the repository root, on
 * the command's prebuilt bundle, see runtime/bin/cli-bundle.mjs) on the database of `where`: an
 * external server's URL, or else the embedded PostgreSQL of `dataDir`.
 */
export function relataCli(where: { dataDir: string; databaseUrl?: string }) {
  return (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--no-node-snapshot', 'runtime/bin/relata-cli.mjs', ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          RELATA_DATA_DIR: where.dataDir,
          ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
          ...env,
        },
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => resolve({ code, out }));
    });
}
