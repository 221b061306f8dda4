/**
 * `pnpm bench`: the performance section of issue 2, end to end on a real PostgreSQL. Creates its own
 * database on RELATA_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), seeds it
 * through the engine, measures Relata against a hand-written baseline, prints the table, writes
 * test/bench/results.md and drops the database. RELATA_BENCH_SCALE=0.1 shrinks the data for a quick try;
 * RELATA_BENCH_ONLY names the scenarios to run.
 */
import { fileURLToPath } from 'node:url';
import { startBaselineServer } from './baseline-server';
import { type BenchDatabase, createBenchDatabase, POOL_SIZE } from './bench-database';
import { SCALE, SIZES } from './data-model';
import { PRODUCTION, type RelataServer, startRelataServer } from './relata-server';
import { describeMachine, num, writeReport } from './report';
import { addField } from './scenarios/add-field';
import { type BenchContext, reason } from './scenarios/bench-context';
import { bulkCreate } from './scenarios/bulk-create';
import { computedFields } from './scenarios/computed-fields';
import { exportStream } from './scenarios/export-stream';
import { importPeople } from './scenarios/import-people';
import { jobQueue } from './scenarios/job-queue';
import { liveEvents } from './scenarios/live-events';
import { manyWorkspaces } from './scenarios/many-workspaces';
import { memberRole } from './scenarios/member-role';
import { pluginFleet } from './scenarios/plugin-fleet';
import { pluginHook } from './scenarios/plugin-hook';
import { pluginSandbox } from './scenarios/plugin-sandbox';
import { postgraphilePeer } from './scenarios/postgraphile';
import { readThroughput } from './scenarios/read-throughput';
import { rfmOrders } from './scenarios/rfm-orders';
import { rfmScoring } from './scenarios/rfm-scoring';
import { salesDashboard } from './scenarios/sales-dashboard';
import { schemaBuild } from './scenarios/schema-build';
import { seedingThroughput } from './scenarios/seeding';
import { sqlAlone } from './scenarios/sql-alone';
import { startUp } from './scenarios/start-up';
import { statementCount } from './scenarios/statement-count';
import { studioTable } from './scenarios/studio-table';
import { templateInstall } from './scenarios/template-install';
import { workflowDrain } from './scenarios/workflow-drain';
import { workflows } from './scenarios/workflows';
import { workspaceBundle } from './scenarios/workspace-bundle';
import { seedCrm } from './seed';

/** The whole bench must end by itself; this is the hard stop if something hangs. */
const HARD_LIMIT_MS = 30 * 60_000;
const RESULTS = fileURLToPath(new URL('./results.md', import.meta.url));

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Drops the bench database (bounded) and exits: used on the hard limit and on Ctrl-C / SIGTERM. */
let aborting = false;

function abortWith(bench: BenchDatabase, why: string): void {
  aborting = true;
  console.error(`bench aborted: ${why}; dropping its database`);
  const giveUp = setTimeout(() => process.exit(2), 15_000);
  void bench.drop().finally(() => {
    clearTimeout(giveUp);
    process.exit(2);
  });
}

async function main(): Promise<void> {
  const bench = await createBenchDatabase();
  const hardStop = setTimeout(() => abortWith(bench, `over ${HARD_LIMIT_MS / 60_000} minutes`), HARD_LIMIT_MS);
  hardStop.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abortWith(bench, signal));
  const db = bench.opened.db;
  let relata: RelataServer | null = null;
  let baseline: Awaited<ReturnType<typeof startBaselineServer>> | null = null;
  try {
    const { rows: versionRows } = await db.query<{ v: string }>("select split_part(version(), ' (', 1) as v");
    const machine = describeMachine(versionRows[0]!.v);
    log(
      `seeding ${num(SIZES.companies)} companies, ${num(SIZES.people)} people, ${num(SIZES.opportunities)} opportunities`,
    );
    const crm = await seedCrm(db, 'crm');
    log(`seeded in ${num(crm.timings.reduce((s, t) => s + t.ms, 0) / 1000, 1)} s`);
    baseline = await startBaselineServer(bench.url, crm.snapshot.schemaName, POOL_SIZE);
    const notes: string[] = [
      PRODUCTION
        ? 'Relata runs in production mode (NODE_ENV=production, as `pnpm bench` sets it).'
        : 'NODE_ENV is not "production": Relata runs in development mode (GraphiQL, graphql-js dev checks).',
    ];
    if (SCALE !== 1) notes.push(`RELATA_BENCH_SCALE=${SCALE}: data sizes scaled down, not comparable.`);
    try {
      relata = await startRelataServer(bench);
    } catch (error) {
      notes.push(`Relata server did not start: ${reason(error)}`);
    }
    const ctx: BenchContext = { bench, db, crm, relata, baseline, rows: [], notes };
    const scenarios = [
      readThroughput,
      postgraphilePeer,
      memberRole,
      sqlAlone,
      statementCount,
      addField,
      schemaBuild,
      manyWorkspaces,
      bulkCreate,
      seedingThroughput,
      exportStream,
      computedFields,
      rfmScoring,
      jobQueue,
      liveEvents,
      workflows,
      workflowDrain,
      pluginSandbox,
      pluginHook,
      pluginFleet,
      startUp,
      workspaceBundle,
      templateInstall,
      // Before the import: it adds 100k people to the same workspace, and 12f is stated for 100k.
      rfmOrders,
      importPeople,
      salesDashboard,
      studioTable,
    ];
    // RELATA_BENCH_ONLY=jobQueue,sqlAlone runs only those scenarios (the table then has only their rows).
    const only = process.env.RELATA_BENCH_ONLY?.split(',').map((name) => name.trim());
    if (only) notes.push(`RELATA_BENCH_ONLY=${only.join(',')}: the other scenarios were not run.`);
    for (const scenario of scenarios) {
      if (only && !only.includes(scenario.name)) continue;
      log(scenario.name);
      await scenario(ctx);
    }
    // A partial run prints its table but leaves the full one in results.md alone.
    await writeReport(only ? null : RESULTS, machine, ctx.rows, ctx.notes);
  } finally {
    await relata?.close().catch((error: unknown) => console.error('closing Relata failed', error));
    await baseline?.close();
    await bench.drop();
  }
}

try {
  await main();
} catch (error) {
  // While aborting, the closed pool makes the running scenario fail; that is expected.
  if (!aborting) {
    console.error(error);
    process.exitCode = 1;
  }
}
