import { createUser, deactivateUser, setMemberRole } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const codeOf = async (token: string) => (await server.gql('{ __typename }', {}, token)).errors?.[0]?.extensions?.code;

async function newMember(email: string, password: string) {
  await createUser(server.database.opened.db, { workspace: 'demo', email, password, role: 'member' });
  const sessions: string[] = [];
  for (let i = 0; i < 2; i++) sessions.push((await server.signIn(email, password)).body.token as string);
  return sessions;
}

const changePassword = async (token: string, body: Record<string, unknown>) => {
  const response = await fetch(`${server.url}/auth/change-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('session revocation', () => {
  test('changing the password needs the current one and revokes every other session of the user', async () => {
    const [current, other] = (await newMember('pat@demo.test', 'old password')) as [string, string];
    const wrong = await changePassword(current, { currentPassword: 'not it', newPassword: 'new password' });
    expect(wrong).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', field: 'currentPassword' } },
    });
    expect(await codeOf(other)).toBeUndefined();

    const short = await changePassword(current, { currentPassword: 'old password', newPassword: 'short' });
    expect(short).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'newPassword' } } });

    const changed = await changePassword(current, { currentPassword: 'old password', newPassword: 'new password' });
    expect(changed).toMatchObject({ status: 200, body: { changed: true } });
    expect(await codeOf(current)).toBeUndefined();
    expect(await codeOf(other)).toBe('UNAUTHENTICATED');
    expect((await server.signIn('pat@demo.test', 'old password')).status).toBe(401);
    expect((await server.signIn('pat@demo.test', 'new password')).status).toBe(200);
  });

  test('an API key cannot change a password (FORBIDDEN), and no token is UNAUTHENTICATED', async () => {
    const body = { currentPassword: 'x', newPassword: 'long enough' };
    expect(await changePassword(server.apiKey, body)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    const response = await fetch(`${server.url}/auth/change-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(401);
  });

  test('deactivating a user revokes their sessions at once and refuses sign-in', async () => {
    const sessions = await newMember('leaver@demo.test', 'leaver password');
    await deactivateUser(server.database.opened.db, { email: 'LEAVER@demo.test' });
    for (const token of sessions) expect(await codeOf(token)).toBe('UNAUTHENTICATED');
    const signIn = await server.signIn('leaver@demo.test', 'leaver password');
    expect(signIn).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  test('an account without a password never signs in, whatever password is tried', async () => {
    await newMember('nopass@demo.test', 'first password');
    const db = server.database.opened.db;
    await db.query("update relata.users set password_hash = null where email = 'nopass@demo.test'");
    for (const guess of ['decoy-password', 'first password', '']) {
      const signIn = await server.signIn('nopass@demo.test', guess);
      expect(signIn.status).toBe(guess === '' ? 400 : 401);
    }
  });

  test('changing a member role revokes their sessions; a new sign-in carries the new role', async () => {
    const sessions = await newMember('mover@demo.test', 'mover password');
    await setMemberRole(server.database.opened.db, { workspace: 'demo', email: 'mover@demo.test', role: 'read-only' });
    for (const token of sessions) expect(await codeOf(token)).toBe('UNAUTHENTICATED');
    const { status, body } = await server.signIn('mover@demo.test', 'mover password');
    expect(status).toBe(200);
    expect(body.role).toBe('read-only');
    expect(await codeOf(server.adminToken)).toBeUndefined();
  });

  test('deactivating or re-roling an unknown user is NOT_FOUND naming the email', async () => {
    const { db } = server.database.opened;
    await expect(deactivateUser(db, { email: 'ghost@demo.test' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'email' },
    });
    await expect(
      setMemberRole(db, { workspace: 'demo', email: 'ghost@demo.test', role: 'member' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
