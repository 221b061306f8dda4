import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the studio when its dist is missing or older than its sources (the server serves it at
 * `/`): the e2e suite and the bench's studio rows both drive the built studio.
 */
export function ensureStudioBuilt(): void {
  const index = `${ROOT}/studio/dist/index.html`;
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(`${ROOT}/studio/src`)) return;
  // The studio's own vite, not `npx vite`: run inside the toolchain's `npx -c`, a
  // nested npx inherits its npm_config_call and refuses to start (EUSAGE).
  execFileSync(`${ROOT}/studio/node_modules/.bin/vite`, ['build'], { cwd: `${ROOT}/studio`, stdio: 'inherit' });
}
