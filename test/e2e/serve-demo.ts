/**
 * Starts a throwaway Relata server with the demo data on a fresh database, for looking at the
 * studio by hand: `node --import tsx test/e2e/serve-demo.ts` (on the PostgreSQL server of
 * RELATA_TEST_POSTGRES_URL, default 127.0.0.1:5432). Prints the URL and the sign-in.
 * RELATA_DEMO_OPPORTUNITIES=50000 seeds the issue-14 workspace (2,000 companies, 5,000 people).
 */
import { startTestServer } from '../support/test-server';

const opportunities = Number(process.env.RELATA_DEMO_OPPORTUNITIES ?? 0);
if (!Number.isInteger(opportunities) || opportunities < 0)
  throw new Error('RELATA_DEMO_OPPORTUNITIES must be a whole number of opportunities');
const server = await startTestServer({
  seedDemo: true,
  demoCounts: opportunities ? { companies: 2_000, people: 5_000, opportunities } : undefined,
});
console.log(JSON.stringify({ url: server.url, ...server.admin, workspace: server.workspace.slug }));
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
