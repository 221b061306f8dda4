import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { baselineStatements } from './baseline-sql';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The baseline of issue 2: bare `node:http` + a `pg` pool of the same size as Relata's,
 * answering the benchmark's GraphQL requests (by operation name) from hand-written SQL.
 */
export async function startBaselineServer(
  databaseUrl: string,
  schema: string,
  poolSize: number,
): Promise<RunningServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  let closing = false;
  // Dropping the database right after pool.end() may cut connections that are still closing.
  pool.on('error', (error) => closing || console.error('baseline: idle connection failed', error));
  const statements = baselineStatements(schema);
  const server = createServer(async (request, response) => {
    try {
      const { operationName, variables } = JSON.parse(await readBody(request)) as {
        operationName?: string;
        variables?: Record<string, unknown>;
      };
      const statement = statements[operationName ?? ''];
      if (!statement) {
        response.writeHead(400).end('unknown operation');
        return;
      }
      const { rows } = await pool.query<{ body: string }>(statement.text, statement.params(variables ?? {}));
      const body = rows[0]!.body;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
