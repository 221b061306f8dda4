#!/usr/bin/env node
// The `relata` command: runs the CLI (relata-cli.mjs: the command's prebuilt bundle, or the
// TypeScript sources through tsx; no build step to remember), under the project's
// pinned Node 24 (the root's `node-<platform>-<arch>` package) when it is installed, so the native
// modules run on the Node they were installed for. `--no-node-snapshot` is what isolated-vm
// (plugin sandboxes) needs on Node 20+.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./relata-cli.mjs', import.meta.url));
const node = pinnedNode() ?? process.execPath;
if (node === process.execPath && Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`Relata needs Node.js 22.18 or newer (this is ${process.versions.node}): run \`npm install\` first.`);
  process.exit(1);
}
const child = spawn(node, ['--no-node-snapshot', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Terminal signals reach the child through the process group; forward the others (kill <pid>).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** The repository's pinned Node binary, or null where none is installed for this platform. */
function pinnedNode() {
  const root = createRequire(new URL('../../package.json', import.meta.url));
  try {
    return root.resolve(`node-${process.platform}-${process.arch}/bin/node`);
  } catch {
    return null;
  }
}
