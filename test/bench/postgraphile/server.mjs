/**
 * The bench's PostGraphile v5 peer, run as a child process of the bench (its own graphql 16):
 * `node server.mjs <database url> <schema> <pool size>` serves the schema's tables on a free port
 * with the recommended Amber preset and prints `listening <url>` once it answers.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [connectionString, schema, poolSize] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString, max: Number(poolSize) });
pool.on('error', (error) => console.error('postgraphile peer: idle connection failed', error));

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  // By default only a column that leads an index can order or filter a list; the board orders by
  // amount, which leads none (its index starts with the stage), so every column may, as in Relata.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: [schema] })],
  grafserv: { graphqlPath: '/graphql', watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 60_000;
server.on('error', (error) => console.error('postgraphile peer: server failed', error));
await serv.addTo(server);
// The schema is built (introspected) before the first request is timed.
await pgl.getSchema();
server.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/graphql`);
});

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
