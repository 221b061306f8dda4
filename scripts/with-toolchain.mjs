#!/usr/bin/env node
// Runs a shell command under the project's pinned toolchain: Node from the npm registry's
// `node-<platform>-<arch>` package and pnpm, both at the versions package.json pins, through
// `npx -p` (no global install, nothing downloaded but registry packages). The install must run
// under that Node, not the machine's: native modules (isolated-vm, argon2) take the prebuilds of
// the Node that installs them, and an install started by Node 20 builds them for Node 20.
// Plain JavaScript on purpose: it is the one file that runs on the machine's own Node (20+).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [command] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-toolchain.mjs "<shell command>"');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const pnpm = manifest.packageManager;
const nodePackage = `node-${process.platform}-${process.arch}`;
const nodePin = manifest.optionalDependencies?.[nodePackage];
const floor = manifest.engines.node.replace(/^>=\s*/, '');

const packages = ['-p', pnpm];
if (nodePin) {
  packages.unshift('-p', `${nodePackage}@${nodePin}`);
} else if (!atLeast(process.versions.node, floor)) {
  console.error(
    `Relata needs Node.js ${floor} or newer; this is ${process.versions.node}, and the npm registry has ` +
      `no pinned Node package for ${process.platform}-${process.arch}. Install Node.js 24 and run this again.`,
  );
  process.exit(1);
}

const child = spawn('npx', ['-y', ...packages, '-c', command], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** Whether dotted version `version` is at least `minimum` (numeric, part by part). */
function atLeast(version, minimum) {
  const have = version.split('.').map(Number);
  const need = minimum.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i];
  }
  return true;
}
