#!/usr/bin/env node
// Runs package scripts side by side (suites that share no state, such as the integration suite
// on the embedded PostgreSQL and on the system one), each line prefixed with its script's name.
// Waits for all of them, so one failing suite does not hide another's result, then fails if any
// failed. Usage: node scripts/run-parallel.mjs test:embedded test:postgres
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('Give the package scripts to run: node scripts/run-parallel.mjs <script> [<script> ...]');
  process.exit(2);
}

const width = Math.max(...scripts.map((s) => s.length));

function run(script) {
  const started = Date.now();
  const child = spawn('pnpm', ['run', '--silent', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Colours survive the pipe, as in a terminal run (vitest reads FORCE_COLOR).
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
  });
  const prefix = `[${script.padEnd(width)}] `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      resolve({ script, ok: code === 0, outcome: signal ? `killed by ${signal}` : `exit ${code}`, seconds });
    });
  });
}

// Ctrl-C in a terminal reaches the children too: they share its process group.
const results = await Promise.all(scripts.map(run));
for (const { script, ok, outcome, seconds } of results) {
  console.log(`${ok ? 'passed' : 'FAILED'}: ${script} (${outcome}, ${seconds} s)`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
