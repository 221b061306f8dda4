import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
const PLAINTEXT = 'smtp-pass-9f2c7d1e';

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** POSTs to /metadata and returns the raw body text too, to prove what never appears in it. */
async function metadataRaw(query: string, variables: Record<string, unknown> = {}, token = server.adminToken) {
  const response = await fetch(`${server.url}/metadata`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { text, body: JSON.parse(text) as { data?: Record<string, unknown>; errors?: { extensions?: object }[] } };
}

const SET = 'mutation($n: String!, $v: String!) { setSecret(name: $n, value: $v) { name updatedAt } }';

describe('workspace secrets through /metadata', () => {
  test('setSecret stores the value encrypted; no API answer and no audit row ever holds it', async () => {
    const set = await metadataRaw(SET, { n: 'smtp.password', v: PLAINTEXT });
    expect(set.body.data).toEqual({ setSecret: { name: 'smtp.password', updatedAt: expect.any(String) } });
    expect(set.text).not.toContain(PLAINTEXT);

    const listed = await metadataRaw('{ secrets { name updatedAt } }');
    expect(listed.body.data).toEqual({ secrets: [{ name: 'smtp.password', updatedAt: expect.any(String) }] });
    expect(listed.text).not.toContain(PLAINTEXT);

    // The Secret type has no field that could return the value.
    const fields = await metadataRaw('{ __type(name: "Secret") { fields { name } } }');
    expect(fields.body.data).toEqual({ __type: { fields: [{ name: 'name' }, { name: 'updatedAt' }] } });

    const { db } = server.database.opened;
    const stored = await db.query<{ ciphertext: string }>('select ciphertext from relata.secrets where name = $1', [
      'smtp.password',
    ]);
    expect(stored.rows[0]!.ciphertext).toMatch(/^v1\./);
    expect(stored.rows[0]!.ciphertext).not.toContain(PLAINTEXT);
    const audit = await db.query<{ n: number }>(
      'select count(*)::int as n from relata.audit_log where audit_log::text like $1',
      [`%${PLAINTEXT}%`],
    );
    expect(audit.rows[0]!.n).toBe(0);

    // The runtime reads it by name (for mail, webhooks, plugin settings).
    expect(await server.instance.services.secrets.read(server.workspace.id, 'smtp.password')).toBe(PLAINTEXT);
  });

  test('setting again replaces the value with a fresh ciphertext', async () => {
    const { db } = server.database.opened;
    const before = await db.query<{ ciphertext: string }>('select ciphertext from relata.secrets where name = $1', [
      'smtp.password',
    ]);
    await metadataRaw(SET, { n: 'smtp.password', v: PLAINTEXT });
    const after = await db.query<{ ciphertext: string }>('select ciphertext from relata.secrets where name = $1', [
      'smtp.password',
    ]);
    expect(after.rows[0]!.ciphertext).not.toBe(before.rows[0]!.ciphertext);
    expect(await server.instance.services.secrets.read(server.workspace.id, 'smtp.password')).toBe(PLAINTEXT);
  });

  test('bad names and empty values are BAD_USER_INPUT naming the argument', async () => {
    const badName = await metadataRaw(SET, { n: 'Bad Name!', v: 'x' });
    expect(badName.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const empty = await metadataRaw(SET, { n: 'webhook.secret', v: '' });
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
  });

  test('only admins reach secrets', async () => {
    await createUser(server.database.opened.db, {
      workspace: 'demo',
      email: 'member@demo.test',
      password: 'member password',
      role: 'member',
    });
    const token = (await server.signIn('member@demo.test', 'member password')).body.token as string;
    const refused = await metadataRaw(SET, { n: 'smtp.password', v: 'overwritten' }, token);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await server.instance.services.secrets.read(server.workspace.id, 'smtp.password')).toBe(PLAINTEXT);
  });

  test('deleteSecret removes it; deleting an unknown one is NOT_FOUND', async () => {
    const deleted = await metadataRaw('mutation { deleteSecret(name: "smtp.password") { name } }');
    expect(deleted.body.data).toEqual({ deleteSecret: { name: 'smtp.password' } });
    expect(await server.instance.services.secrets.read(server.workspace.id, 'smtp.password')).toBeNull();
    const again = await metadataRaw('mutation { deleteSecret(name: "smtp.password") { name } }');
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'name' });
  });
});
