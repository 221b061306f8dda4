import { createWorkspace } from '@relata/core';
import { createUser, deactivateUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { createPortalUser, portalSignIn, seedPortalModel } from './portal-fixture';

/**
 * `GET /auth/workspaces` and `POST /auth/switch-workspace`: a session moves only between the
 * workspaces its own account is an active member of, and a refusal tells nothing about others.
 * World: Mia is admin of `demo` and member of `north`; `south` exists without her; Leo is a
 * member of `demo` and `north` and is deactivated during the suite.
 */
let server: TestServer;
const MIA = { email: 'mia@demo.test', password: 'mia travels between workspaces' };
const LEO = { email: 'leo@demo.test', password: 'leo leaves the company soon' };

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code?: string; message?: string } };
  setCookies: string[];
}

/** A fresh client IP per request unless one is given (the server trusts the loopback proxy), so IP allowances do not mix. */
let lastIp = 0;
const nextIp = () => `198.51.100.${++lastIp}`;
const PER_IP = 5;

async function call(path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': nextIp(), ...headers };
  if (token) all.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    setCookies: response.headers.getSetCookie(),
  } satisfies Answer;
}

async function signIn(who: { email: string; password: string }, workspace = 'demo'): Promise<string> {
  const answer = await call('/auth/sign-in', null, { ...who, workspace });
  if (typeof answer.body.token !== 'string') throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  return answer.body.token;
}

const whoAmI = (token: string) => server.gql<{ __typename: string }>('{ __typename }', {}, token);

beforeAll(async () => {
  server = await startTestServer({ limits: { authPerIp: PER_IP }, trustProxy: 'loopback' });
  const { db } = server.database.opened;
  await createWorkspace(db, { slug: 'north', name: 'North office' });
  await createWorkspace(db, { slug: 'south', name: 'South office' });
  await createUser(db, { workspace: 'demo', ...MIA, role: 'admin' });
  await createUser(db, { workspace: 'north', email: MIA.email, role: 'member' });
  await createUser(db, { workspace: 'demo', ...LEO, role: 'member' });
  await createUser(db, { workspace: 'north', email: LEO.email, role: 'member' });
});
afterAll(async () => {
  await server?.close();
});

describe('workspace switching', () => {
  test('lists exactly the workspaces of the signed-in account, with its role in each', async () => {
    const answer = await call('/auth/workspaces', await signIn(MIA));
    expect(answer.status).toBe(200);
    expect(answer.body.workspaces).toEqual([
      { slug: 'north', name: 'North office', role: 'member' },
      { slug: 'demo', name: 'Test demo', role: 'admin' },
    ]);
  });

  test('switching opens a session in the other workspace, sets the cookies and revokes the old session', async () => {
    const old = await signIn(MIA);
    const answer = await call('/auth/switch-workspace', old, { workspace: 'north' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ role: 'member', workspace: { slug: 'north', name: 'North office' } });
    const token = String(answer.body.token);
    expect(answer.setCookies.some((line) => line.startsWith(`relata_session=${token};`))).toBe(true);
    expect(answer.setCookies.some((line) => line.startsWith('relata_csrf='))).toBe(true);
    // The new token acts in `north` and names it; the old one is gone.
    expect((await whoAmI(token)).status).toBe(200);
    const named = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-relata-workspace': 'demo' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(named.status).toBe(403);
    expect((await whoAmI(old)).status).toBe(401);
    // Back again: a member switches into the workspace where they are admin.
    const back = await call('/auth/switch-workspace', token, { workspace: 'demo' });
    expect(back.body).toMatchObject({ role: 'admin', workspace: { slug: 'demo' } });
  });

  test('a workspace the account is not a member of is refused exactly like one that does not exist', async () => {
    const token = await signIn(MIA);
    const notMember = await call('/auth/switch-workspace', token, { workspace: 'south' });
    const missing = await call('/auth/switch-workspace', token, { workspace: 'nowhere' });
    expect(notMember.status).toBe(403);
    expect(missing.status).toBe(403);
    expect(notMember.body.error?.code).toBe('FORBIDDEN');
    expect(notMember.body.error?.message?.replace('south', 'X')).toBe(
      missing.body.error?.message?.replace('nowhere', 'X'),
    );
    expect(notMember.setCookies).toEqual([]);
    // The refused attempts left the session as it was.
    expect((await whoAmI(token)).status).toBe(200);
  });

  test('a malformed body is refused naming the field', async () => {
    const answer = await call('/auth/switch-workspace', await signIn(MIA), { workspace: '' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workspace' });
  });

  test('without a session, with an API key or with a cookie but no CSRF header nothing is listed or switched', async () => {
    expect((await call('/auth/workspaces', null)).status).toBe(401);
    expect((await call('/auth/switch-workspace', null, { workspace: 'north' })).status).toBe(401);
    const byKey = await call('/auth/switch-workspace', server.apiKey, { workspace: 'north' });
    expect(byKey.status).toBe(403);
    expect(byKey.body.token).toBeUndefined();
    expect((await call('/auth/workspaces', server.apiKey)).status).toBe(403);
    const cookie = await signIn(MIA);
    const noCsrf = await call(
      '/auth/switch-workspace',
      null,
      { workspace: 'north' },
      { cookie: `relata_session=${cookie}` },
    );
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.token).toBeUndefined();
  });

  test('switching is metered per IP like sign-in: past the allowance it is refused and opens no session', async () => {
    const ip = { 'x-forwarded-for': nextIp() };
    let token = await signIn(MIA);
    for (let i = 0; i < PER_IP; i++) {
      const answer = await call('/auth/switch-workspace', token, { workspace: i % 2 ? 'demo' : 'north' }, ip);
      expect(answer.status).toBe(200);
      token = String(answer.body.token);
    }
    const refused = await call('/auth/switch-workspace', token, { workspace: 'demo' }, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('LIMIT_EXCEEDED');
    expect(refused.body.token).toBeUndefined();
  });

  test('a deactivated account can neither list nor switch with a session it held', async () => {
    const token = await signIn(LEO);
    expect((await call('/auth/workspaces', token)).status).toBe(200);
    // As another node (or the CLI) does it: the server hears of it through the relata_auth NOTIFY,
    // a moment later, so the first refusal is awaited; after it, every request is refused.
    await deactivateUser(server.database.opened.db, { email: LEO.email });
    await expect.poll(async () => (await call('/auth/workspaces', token)).status, { timeout: 10_000 }).toBe(401);
    const switched = await call('/auth/switch-workspace', token, { workspace: 'north' });
    expect(switched.status).toBe(401);
    expect(switched.body.token).toBeUndefined();
  });

  test('a portal session cannot list or switch workspaces', async () => {
    const ids = await seedPortalModel(server);
    const created = await createPortalUser(server, {
      email: 'ann@acme.io',
      password: 'ann portal password',
      object: 'person',
      recordId: ids.ann,
    });
    expect(created.errors).toBeUndefined();
    const portal = await portalSignIn(server, 'ann@acme.io', 'ann portal password');
    expect((await call('/auth/workspaces', portal)).status).toBe(401);
    const switched = await call('/auth/switch-workspace', portal, { workspace: 'demo' });
    expect(switched.status).toBe(401);
    expect(switched.body.token).toBeUndefined();
  });
});
