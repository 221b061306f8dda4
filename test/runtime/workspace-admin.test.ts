import { createWorkspace } from '@relata/core';
import { createApiKey, createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Members and API keys on /metadata reach this workspace's people and keys only: another
 * workspace's key cannot be revoked nor its members changed, and an account shared with another
 * workspace is not deactivated from here.
 */
let server: TestServer;
let otherKeyId: string;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'wsadmin' });
  const db = server.database.opened.db;
  await createWorkspace(db, { slug: 'wsother', name: 'Other' });
  otherKeyId = (await createApiKey(db, { workspace: 'wsother', role: 'admin', name: 'theirs' })).id;
  await createUser(db, { workspace: 'wsother', email: 'stranger@other.test', role: 'member' });
  await createUser(db, { workspace: 'wsadmin', email: 'shared@both.test', role: 'member' });
  await createUser(db, { workspace: 'wsother', email: 'shared@both.test', role: 'member' });
  await createUser(db, { workspace: 'wsadmin', email: 'rep@wsadmin.test', role: 'member' });
});

afterAll(() => server?.close());

describe('workspace admin on /metadata', () => {
  test('lists only this workspace’s members and keys', async () => {
    const { data } = await server.metadataGql<{ members: { email: string }[]; apiKeys: { name: string }[] }>(
      '{ members { email } apiKeys { name } }',
    );
    expect(data!.members.map((m) => m.email).sort()).toEqual([
      'admin@wsadmin.test',
      'rep@wsadmin.test',
      'shared@both.test',
    ]);
    expect(data!.apiKeys.map((k) => k.name)).toEqual(['tests']);
  });

  test('another workspace’s key and members are out of reach', async () => {
    const revoke = await server.metadataGql('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: otherKeyId });
    expect(revoke.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const role = await server.metadataGql(
      'mutation { setMemberRole(email: "stranger@other.test", role: "admin") { id } }',
    );
    expect(role.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const off = await server.metadataGql('mutation { deactivateMember(email: "stranger@other.test") { id } }');
    expect(off.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('an account shared with another workspace is not deactivated from here', async () => {
    const shared = await server.metadataGql('mutation { deactivateMember(email: "shared@both.test") { id } }');
    expect(shared.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const own = await server.metadataGql<{ deactivateMember: { active: boolean } }>(
      'mutation { deactivateMember(email: "rep@wsadmin.test") { active } }',
    );
    expect(own.data?.deactivateMember.active).toBe(false);
  });

  test('a new key is answered once and refused at once when revoked; members cannot manage keys', async () => {
    const created = await server.metadataGql<{
      createApiKey: { key: string; apiKey: { id: string; expiresAt: string } };
    }>('mutation { createApiKey(name: "sync", role: "member", expiresInDays: 30) { key apiKey { id expiresAt } } }');
    const { key, apiKey } = created.data!.createApiKey;
    expect(Date.parse(apiKey.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect((await server.gql('{ __typename }', {}, key)).errors).toBeUndefined();
    const asMember = await server.metadataGql('{ apiKeys { id } }', {}, key);
    expect(asMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await server.metadataGql('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id });
    const after = await server.gql('{ __typename }', {}, key);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
