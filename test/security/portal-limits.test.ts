import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { createPortalUser, portalSignIn, post, seedPortalModel } from './portal-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { authPerAccount: 2, authPerIp: 100 } });
});
afterAll(() => server?.close());

test('portal sign-in is rate limited per account like the members’ sign-in', async () => {
  const attempt = () =>
    post(server, '/portal/auth/sign-in', { workspace: 'demo', email: 'guess@example.com', password: 'guess' });
  expect((await attempt()).status).toBe(401);
  expect((await attempt()).status).toBe(401);
  const blocked = await attempt();
  expect(blocked).toMatchObject({ status: 429, body: { error: { code: 'LIMIT_EXCEEDED' } } });
  // Another account from the same address is still let through to the password check.
  const other = await post(server, '/portal/auth/sign-in', {
    workspace: 'demo',
    email: 'x@example.com',
    password: 'x',
  });
  expect(other.status).toBe(401);
});

test('portal users are metered per account on /graphql like API keys', async () => {
  const metered = await startTestServer({ limits: { apiKeyPerMinute: 3 } });
  try {
    const ids = await seedPortalModel(metered);
    const created = await createPortalUser(metered, {
      email: 'ann@acme.test',
      password: 'portal-password-1',
      object: 'person',
      recordId: ids.ann,
    });
    expect(created.errors).toBeUndefined();
    const token = await portalSignIn(metered, 'ann@acme.test', 'portal-password-1');
    const read = () => metered.gql('{ people { totalCount } }', {}, token);
    for (let i = 0; i < 3; i++) expect((await read()).errors).toBeUndefined();
    const refused = await read();
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    // Members' sessions stay unmetered.
    expect((await metered.gql('{ people { totalCount } }')).errors).toBeUndefined();
  } finally {
    await metered.close();
  }
});
