#!/usr/bin/env node
// The `relata` command: runs the TypeScript CLI through tsx (no build step). `--no-node-snapshot`
// is what isolated-vm (plugin sandboxes) needs on Node 20+.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = require.resolve('tsx');
const child = spawn(process.execPath, ['--no-node-snapshot', '--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Terminal signals reach the child through the process group; forward the others (kill <pid>).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
