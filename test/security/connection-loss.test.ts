import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 8, item 9: pg_terminate_backend on the server's connections while queries ran killed the
// Node process ("Unhandled 'error' event ... Connection terminated unexpectedly"). Every pooled and
// listening connection now handles its errors: the requests on a dropped connection fail with a
// clean error, and the next ones succeed on fresh connections, with no restart.
let server: TestServer;
let admin: pg.Client;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  admin = new pg.Client({ connectionString: server.database.databaseUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await server?.close();
});

/**
 * Ends every session of the server on its database (the pool's and the LISTEN connection), and
 * waits until those backends are gone: pg_terminate_backend only signals, and until a backend has
 * exited and closed its socket the pool cannot know that idle connection is dead. "The next
 * request" is the next one once the drop has happened.
 */
async function terminateServerSessions(): Promise<number> {
  const { rows } = await admin.query<{ pid: number; ended: boolean }>(
    `select pid, pg_terminate_backend(pid) as ended from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`,
  );
  const ended = rows.filter((row) => row.ended).map((row) => row.pid);
  for (let i = 0; i < 100; i++) {
    const alive = await admin.query('select 1 from pg_stat_activity where pid = any($1)', [ended]);
    if (alive.rowCount === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return ended.length;
}

const LIST = '{ opportunities(first: 50, orderBy: [{ amount: DescNullsLast }]) { totalCount nodes { name } } }';
const listenSessions = async () =>
  (
    await admin.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
    )
  ).rows[0]!.n;

describe('connections dropped under load', () => {
  test('in-flight requests fail cleanly, the process lives on, and the next requests succeed', async () => {
    for (let round = 0; round < 2; round++) {
      // A statement that is surely running when its backend is terminated, beside HTTP traffic.
      const sleeping = server.database.opened.db.query('select pg_sleep(30)').then(
        () => 'finished',
        (error: Error) => error.message,
      );
      const inFlight = Array.from({ length: 12 }, () => server.gql(LIST));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await terminateServerSessions()).toBeGreaterThan(0);
      expect(await sleeping).toMatch(/terminat/i);
      for (const response of await Promise.all(inFlight)) {
        const error = response.errors?.[0];
        if (error) {
          expect(error.extensions).toMatchObject({ code: 'INTERNAL', reason: 'DATABASE_CONNECTION_LOST' });
          expect(response.status).toBe(503);
        } else {
          expect(response.data).toMatchObject({ opportunities: { totalCount: expect.any(Number) } });
        }
      }
      const after = await server.gql(LIST);
      expect(after.errors).toBeUndefined();
      expect(after.data).toMatchObject({ opportunities: { totalCount: expect.any(Number) } });
    }
  });

  test('the LISTEN connection comes back by itself, so changes of other nodes keep arriving', async () => {
    await terminateServerSessions();
    for (let i = 0; i < 100 && (await listenSessions()) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await listenSessions()).toBeGreaterThan(0);
  });
});
