import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { post } from './portal-fixture';

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
