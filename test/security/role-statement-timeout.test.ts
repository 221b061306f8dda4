import { createApiKey, createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 8, item 8 (per role for API keys): a role may give its API keys a shorter statement
// timeout than the server's, so one integration's runaway query ends early; people signed in
// with the same role keep the server's.
let server: TestServer;
let key: string;
let memberToken: string;
const SCAN = '{ notes(filter: { body: { ilike: "%zzzz%" } }) { totalCount } }';

beforeAll(async () => {
  server = await startTestServer();
  for (const mutation of [
    'mutation { createObject(input: { nameSingular: "note", namePlural: "notes", labelSingular: "Note", labelPlural: "Notes" }) { applied } }',
    'mutation { createField(object: "note", input: { name: "body", label: "Body", type: TEXT }) { applied } }',
    'mutation { createRole(input: { name: "integration", label: "Integration", defaultAccess: READ, statementTimeoutMs: 100 }) { applied } }',
  ]) {
    const result = await server.metadataGql(mutation);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
  }
  await server.database.opened.db.query(
    `insert into ws_demo.notes (id, body) select gen_random_uuid(), repeat(md5(n::text), 40) from generate_series(1, 80000) n`,
  );
  const db = server.database.opened.db;
  ({ key } = await createApiKey(db, { workspace: 'demo', role: 'integration', name: 'sync job' }));
  await createUser(db, { workspace: 'demo', email: 'ines@demo.test', password: 'ines password', role: 'integration' });
  memberToken = (await server.signIn('ines@demo.test', 'ines password')).body.token as string;
});
afterAll(() => server?.close());

describe("a role's statement timeout", () => {
  test('is shown and validated on /metadata', async () => {
    const role = await server.metadataGql<{ role: { statementTimeoutMs: number | null } }>(
      '{ role(name: "integration") { statementTimeoutMs } }',
    );
    expect(role.data?.role.statementTimeoutMs).toBe(100);
    const refused = await server.metadataGql(
      'mutation { updateRole(name: "integration", input: { statementTimeoutMs: 5 }) { applied } }',
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.statementTimeoutMs',
    });
  });

  test("ends the role's API key statements at that timeout, and the next cheap request is answered", async () => {
    const scan = await server.gql(SCAN, {}, key);
    expect(scan.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'STATEMENT_TIMEOUT' });
    const cheap = await server.gql<{ notes: { nodes: unknown[] } }>('{ notes(first: 1) { nodes { id } } }', {}, key);
    expect(cheap.errors).toBeUndefined();
    expect(cheap.data?.notes.nodes).toHaveLength(1);
  });

  test('leaves sessions of the same role, and other roles, on the server timeout', async () => {
    for (const token of [memberToken, server.apiKey]) {
      const scan = await server.gql<{ notes: { totalCount: number } }>(SCAN, {}, token);
      expect(scan.errors).toBeUndefined();
      expect(scan.data?.notes.totalCount).toBe(0);
    }
  });

  test('null gives the role the server timeout again; pooled connections keep theirs', async () => {
    const reset = await server.metadataGql(
      'mutation { updateRole(name: "integration", input: { statementTimeoutMs: null }) { role { statementTimeoutMs } } }',
    );
    expect(reset.data).toEqual({ updateRole: { role: { statementTimeoutMs: null } } });
    const scan = await server.gql<{ notes: { totalCount: number } }>(SCAN, {}, key);
    expect(scan.errors).toBeUndefined();
    const { rows } = await server.database.opened.db.query<{ statement_timeout: string }>('show statement_timeout');
    expect(rows[0]?.statement_timeout).toBe('0');
  });
});
