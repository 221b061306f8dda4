import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/** The signed-in user's profile: their name, their password, and signing out everywhere. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'profile', activities: true });
});
afterAll(async () => {
  await server?.close();
});

async function post(path: string, body: Record<string, unknown>, token: string) {
  const response = await fetch(`${server.url}/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const session = async (password = server.admin.password) =>
  (await server.signIn(server.admin.email, password)).body.token as string;
const works = async (token: string) => (await server.gql('{ me { name } }', {}, token)).errors === undefined;

describe('profile', () => {
  test('a user renames themselves; a blank name is refused naming the field', async () => {
    const token = await session();
    await expect(post('profile', { name: '  Ada Admin ' }, token)).resolves.toMatchObject({
      status: 200,
      body: { name: 'Ada Admin' },
    });
    expect((await server.gql<{ me: { name: string } }>('{ me { name } }', {}, token)).data!.me.name).toBe('Ada Admin');
    const blank = await post('profile', { name: ' ' }, token);
    expect(blank.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  test('a password change needs the current password and ends the other sessions only', async () => {
    const here = await session();
    const elsewhere = await session();
    const wrong = await post(
      'change-password',
      { currentPassword: 'not it', newPassword: 'a brand new passphrase' },
      here,
    );
    expect(wrong.body.error).toMatchObject({ field: 'currentPassword' });
    expect(await works(elsewhere)).toBe(true);
    const changed = await post(
      'change-password',
      { currentPassword: server.admin.password, newPassword: 'a brand new passphrase' },
      here,
    );
    expect(changed.status).toBe(200);
    expect(await works(here)).toBe(true);
    expect(await works(elsewhere)).toBe(false);
    server.admin.password = 'a brand new passphrase';
  });

  test('signing out everywhere ends every session of the user, this one too', async () => {
    const one = await session();
    const two = await session();
    await expect(post('sign-out-everywhere', {}, one)).resolves.toMatchObject({ status: 200 });
    expect(await works(one)).toBe(false);
    expect(await works(two)).toBe(false);
    expect(await works(await session())).toBe(true);
  });

  test('an API key has no profile', async () => {
    const response = await post('profile', { name: 'Robot' }, server.apiKey);
    expect(response.body.error).toMatchObject({ code: 'FORBIDDEN' });
  });
});
