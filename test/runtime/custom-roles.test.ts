import {
  acceptInvite,
  createApiKey,
  createMailer,
  createUser,
  inviteUser,
  revokeApiKey,
  setMemberRole,
} from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
const db = () => server.database.opened.db;
const noMail = createMailer({ smtpUrl: null, from: 'relata@tests.local' });
const links = { publicUrl: 'http://relata.test' };

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.metadataGql(
    'mutation { createRole(input: { name: "auditor", label: "Auditor", defaultAccess: READ }) { applied } }',
  );
  expect(created.data).toEqual({ createRole: { applied: true } });
});
afterAll(async () => {
  await server?.close();
});

const deleteRole = (name: string) =>
  server.metadataGql<{ deleteRole: { applied: boolean } }>(`mutation { deleteRole(name: "${name}") { applied } }`);

const codeOf = async (token: string) => (await server.gql('{ __typename }', {}, token)).errors?.[0]?.extensions?.code;

describe('custom role names for members and API keys', () => {
  test('an API key can hold a custom role of its workspace and acts with it', async () => {
    const key = await createApiKey(db(), { workspace: 'demo', role: 'auditor', name: 'audit' });
    expect(key.role).toBe('auditor');
    expect(await codeOf(key.key)).toBeUndefined();
    // The metadata API stays admin-only: a custom role is not admin.
    const metadata = await server.metadataGql('{ metadataVersion }', {}, key.key);
    expect(metadata.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await revokeApiKey(db(), key.id);
  });

  test.each([
    ['an API key', () => createApiKey(db(), { workspace: 'demo', role: 'owner', name: 'x' })],
    ['a new user', () => createUser(db(), { workspace: 'demo', email: 'o@demo.test', role: 'owner' })],
    ['an invite', () => inviteUser(db(), noMail, links, { workspace: 'demo', email: 'i@demo.test', role: 'owner' })],
    ['set-role', () => setMemberRole(db(), { workspace: 'demo', email: server.admin.email, role: 'owner' })],
  ])('%s with a role the workspace does not have is BAD_USER_INPUT naming role', async (_case, act) => {
    await expect(act()).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'role' },
      message: expect.stringContaining('auditor'),
    });
  });

  test('a custom role of another workspace is unknown here', async () => {
    const other = await startTestServer({ workspace: 'other' });
    try {
      await other.metadataGql('mutation { createRole(input: { name: "elsewhere", label: "E" }) { applied } }');
      await expect(createApiKey(db(), { workspace: 'demo', role: 'elsewhere', name: 'x' })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'role' },
      });
    } finally {
      await other.close();
    }
  });

  test('set-role to a custom role revokes the sessions; a new sign-in carries it', async () => {
    await createUser(db(), { workspace: 'demo', email: 'mover@demo.test', password: 'mover password', role: 'member' });
    const before = (await server.signIn('mover@demo.test', 'mover password')).body.token as string;
    await setMemberRole(db(), { workspace: 'demo', email: 'mover@demo.test', role: 'auditor' });
    expect(await codeOf(before)).toBe('UNAUTHENTICATED');
    const { status, body } = await server.signIn('mover@demo.test', 'mover password');
    expect({ status, role: body.role }).toEqual({ status: 200, role: 'auditor' });
    expect(await codeOf(body.token as string)).toBeUndefined();
  });

  test('deleting a custom role still held is CONFLICT with the counts; once free it can be deleted', async () => {
    await server.metadataGql('mutation { createRole(input: { name: "temp", label: "Temp" }) { applied } }');
    await createUser(db(), { workspace: 'demo', email: 'temp@demo.test', role: 'temp' });
    const keys = [
      await createApiKey(db(), { workspace: 'demo', role: 'temp', name: 'a' }),
      await createApiKey(db(), { workspace: 'demo', role: 'temp', name: 'b' }),
    ];
    const refused = await deleteRole('temp');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', members: 1, apiKeys: 2 });
    expect(refused.errors?.[0]?.message).toContain('1 member(s) and 2 API key(s)');

    await setMemberRole(db(), { workspace: 'demo', email: 'temp@demo.test', role: 'read-only' });
    for (const key of keys) await revokeApiKey(db(), key.id);
    expect((await deleteRole('temp')).data).toEqual({ deleteRole: { applied: true } });
    await expect(createApiKey(db(), { workspace: 'demo', role: 'temp', name: 'c' })).rejects.toMatchObject({
      details: { field: 'role' },
    });
  });

  test('an invite to a custom role deleted since cannot be accepted', async () => {
    await server.metadataGql('mutation { createRole(input: { name: "gone", label: "Gone" }) { applied } }');
    const invite = await inviteUser(db(), noMail, links, { workspace: 'demo', email: 'late@demo.test', role: 'gone' });
    expect((await deleteRole('gone')).data).toEqual({ deleteRole: { applied: true } });
    const token = new URL(invite.link!).searchParams.get('token');
    // No rate limit here: the role check is what is tested.
    await expect(acceptInvite(db(), { token, password: 'late password' }, () => undefined)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'token' },
      message: expect.stringContaining('was deleted'),
    });
  });
});
