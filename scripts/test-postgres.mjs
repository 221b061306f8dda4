#!/usr/bin/env node
// Runs the integration suite against a real PostgreSQL server. CI always has one (and fails
// without it); on a developer machine without PostgreSQL the run is skipped with a notice,
// so the README's single test command still works on a fresh machine.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const url = new URL(process.env.RELATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const reachable = await new Promise((resolve) => {
  const socket = connect({ host: url.hostname, port: Number(url.port || 5432) });
  socket.setTimeout(2000);
  socket.once('connect', () => {
    socket.end();
    resolve(true);
  });
  socket.once('timeout', () => {
    socket.destroy();
    resolve(false);
  });
  socket.once('error', () => resolve(false));
});

if (!reachable) {
  const message = `PostgreSQL is not reachable at ${url.host}: set RELATA_TEST_POSTGRES_URL to run the PostgreSQL integration suite.`;
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`SKIPPED: ${message}`);
  process.exit(0);
}

const run = spawnSync('vitest', ['run', '--project', 'integration', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, RELATA_TEST_DB: 'postgres' },
});
process.exit(run.status ?? 1);
