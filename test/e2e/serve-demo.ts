/**
 * Starts a throwaway Relata server with the demo data on a fresh database, for looking at the
 * studio by hand: `node --import tsx test/e2e/serve-demo.ts` (on the PostgreSQL server of
 * RELATA_TEST_POSTGRES_URL, default 127.0.0.1:5432). Prints the URL and the sign-in.
 */
import { startTestServer } from '../support/test-server';

const server = await startTestServer({ seedDemo: true });
console.log(JSON.stringify({ url: server.url, ...server.admin, workspace: server.workspace.slug }));
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
