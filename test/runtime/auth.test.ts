import { createWorkspace } from '@relata/core';
import { createApiKey, createUser, revokeApiKey } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const METADATA_VERSION = '{ metadataVersion }';

describe('authentication', () => {
  test('sign-in with the right password returns a session token for the workspace', async () => {
    const { status, body } = await server.signIn(server.admin.email, server.admin.password);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      token: expect.stringMatching(/^rs_/),
      role: 'admin',
      workspace: { slug: 'demo' },
      user: { email: server.admin.email },
    });
  });

  test.each([
    ['a wrong password', 'admin@demo.test', 'wrong password', 'demo'],
    ['an unknown email', 'nobody@demo.test', 'whatever', 'demo'],
    ['an unknown workspace', 'admin@demo.test', 'correct horse battery staple', 'elsewhere'],
  ])('sign-in with %s is refused with UNAUTHENTICATED', async (_case, email, password, workspace) => {
    const { status, body } = await server.signIn(email, password, workspace);
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  test('sign-in without an email names the field', async () => {
    const response = await fetch(`${server.url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'x' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'email' } });
  });

  test.each([
    ['no token', null],
    ['an unknown session token', `rs_${'a'.repeat(43)}`],
    ['garbage', 'not-a-token'],
  ])('a request with %s is UNAUTHENTICATED', async (_case, token) => {
    for (const call of [server.gql, server.metadataGql]) {
      const result = await call(METADATA_VERSION, {}, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  test('an admin session and an admin API key may use /metadata', async () => {
    for (const token of [server.adminToken, server.apiKey]) {
      const result = await server.metadataGql<{ metadataVersion: number }>(METADATA_VERSION, {}, token);
      expect(result.errors).toBeUndefined();
      expect(result.data?.metadataVersion).toEqual(expect.any(Number));
    }
  });

  test('a member may use /graphql but gets FORBIDDEN on /metadata', async () => {
    const { db } = server.database.opened;
    await createUser(db, { workspace: 'demo', email: 'member@demo.test', password: 'member password', role: 'member' });
    const { body } = await server.signIn('member@demo.test', 'member password');
    const token = body.token as string;
    const metadata = await server.metadataGql(METADATA_VERSION, {}, token);
    expect(metadata.status).toBe(403);
    expect(metadata.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const data = await server.gql('{ __typename }', {}, token);
    expect(data.errors).toBeUndefined();
  });

  test('a new API key works at once, and stops working the moment it is revoked', async () => {
    const { db } = server.database.opened;
    const created = await createApiKey(db, {
      workspace: 'demo',
      role: 'member',
      name: 'integration',
      expiresInDays: 1,
    });
    expect(created.key).toMatch(/^rk_[0-9a-f]{12}_/);
    expect((await server.gql('{ __typename }', {}, created.key)).errors).toBeUndefined();
    await revokeApiKey(db, created.id);
    // Revoked from outside the server (as the CLI does): the node learns it from the NOTIFY sent on
    // commit, which PostgreSQL delivers asynchronously, so the first request may still race it.
    await vi.waitFor(async () => {
      const after = await server.gql('{ __typename }', {}, created.key);
      expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }, 10_000);
  });

  test('signing out revokes the session token at once', async () => {
    const { body } = await server.signIn(server.admin.email, server.admin.password);
    const token = body.token as string;
    expect((await server.gql('{ __typename }', {}, token)).errors).toBeUndefined();
    const response = await fetch(`${server.url}/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect((await server.gql('{ __typename }', {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a token belongs to one workspace: it reaches only its own data, and naming another is FORBIDDEN', async () => {
    const { db } = server.database.opened;
    const other = await createWorkspace(db, { slug: 'other', name: 'Other' });
    await server.instance.services.metadata.createObject(other.id, {
      nameSingular: 'secret',
      namePlural: 'secrets',
      labelSingular: 'Secret',
      labelPlural: 'Secrets',
    });
    const otherKey = await createApiKey(db, { workspace: 'other', role: 'admin', name: 'other' });
    const objectsOf = async (token: string) =>
      (
        await server.metadataGql<{ objects: { nameSingular: string }[] }>('{ objects { nameSingular } }', {}, token)
      ).data?.objects.map((o) => o.nameSingular) ?? [];
    expect(await objectsOf(otherKey.key)).toEqual(['secret']);
    expect(await objectsOf(server.apiKey)).not.toContain('secret');

    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${server.apiKey}`,
        'x-relata-workspace': 'other',
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The other workspace's admin cannot sign in to this one either.
    await createUser(db, { workspace: 'other', email: 'boss@other.test', password: 'other password', role: 'admin' });
    expect((await server.signIn('boss@other.test', 'other password', 'demo')).status).toBe(401);
  });
});

describe('health', () => {
  test('GET /healthz answers 200 once the server is ready', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('the studio (or its placeholder page) is served at /', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
