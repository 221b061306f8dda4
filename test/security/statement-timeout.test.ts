import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 8, item 8 (statement timeout): there was none, and 12 parallel leading-% ilike scans held
// every connection of the pool. Every statement on the application's connections now ends at
// RELATA_STATEMENT_TIMEOUT_MS (15 s by default), answered LIMIT_EXCEEDED / STATEMENT_TIMEOUT;
// the connection is free for the next request at once.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ statementTimeoutMs: 60 });
  await server.metadataGql(`mutation {
    createObject(input: { nameSingular: "note", namePlural: "notes", labelSingular: "Note", labelPlural: "Notes" }) { applied }
  }`);
  await server.metadataGql(
    'mutation { createField(object: "note", input: { name: "body", label: "Body", type: TEXT }) { applied } }',
  );
  // Loading is not a request: the system connection it uses has no timeout.
  const db = server.database.opened.db;
  await db.transaction(async (tx) => {
    await tx.query('set local statement_timeout = 0');
    await tx.query(
      `insert into ws_demo.notes (id, body) select gen_random_uuid(), repeat(md5(n::text), 40) from generate_series(1, 60000) n`,
    );
  });
});
afterAll(() => server?.close());

describe('a statement timeout on every request statement', () => {
  test('a scan longer than the timeout is LIMIT_EXCEEDED, and cheap requests go on being answered', async () => {
    const scan = '{ notes(filter: { body: { ilike: "%zzzz%" } }) { totalCount } }';
    const answers = await Promise.all(Array.from({ length: 4 }, () => server.gql(scan)));
    for (const answer of answers) {
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'STATEMENT_TIMEOUT' });
    }
    const cheap = await server.gql<{ notes: { nodes: unknown[] } }>('{ notes(first: 1) { nodes { id } } }');
    expect(cheap.errors).toBeUndefined();
    expect(cheap.data?.notes.nodes).toHaveLength(1);
  });

  test('is the setting of the pool connections', async () => {
    const { rows } = await server.database.opened.db.query<{ statement_timeout: string }>('show statement_timeout');
    expect(rows[0]?.statement_timeout).toBe('60ms');
  });
});
