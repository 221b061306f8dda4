import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let accounts: TestServer;
let server: TestServer;
beforeAll(async () => {
  [accounts, server] = await Promise.all([
    startTestServer({ limits: { authPerAccount: 3, authPerIp: 10_000 } }),
    startTestServer({
      limits: { authPerAccount: 10_000, authPerIp: 4, apiKeyPerMinute: 3, maxBodyBytes: 64 * 1024 },
      trustProxy: 'loopback',
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([accounts?.close(), server?.close()]);
});

const expectRateLimited = async (response: Response) => {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(300);
  return (await response.json()) as Record<string, unknown>;
};

const postSignIn = (target: TestServer, email: string, password: string) =>
  fetch(`${target.url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, workspace: 'demo' }),
  });

describe('rate limits on /auth', () => {
  test('after the allowed attempts for one account, even the right password is refused with 429', async () => {
    const { email, password } = accounts.admin;
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await postSignIn(accounts, email, 'wrong password')).status).toBe(401);
    }
    // The server's own sign-in at start-up was the first attempt.
    const body = await expectRateLimited(await postSignIn(accounts, email.toUpperCase(), password));
    expect(body).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } });
    expect(JSON.stringify(body)).not.toContain('token');
    // Other accounts are not affected.
    expect((await postSignIn(accounts, 'someone@demo.test', 'whatever')).status).toBe(401);
  });

  test('one IP trying many accounts is refused with 429 once its allowance is used', async () => {
    // Start-up sign-in + three attempts on different accounts use the allowance of 4.
    for (const who of ['a', 'b', 'c']) {
      expect((await postSignIn(server, `${who}@demo.test`, 'guess')).status).toBe(401);
    }
    const body = await expectRateLimited(await postSignIn(server, server.admin.email, server.admin.password));
    expect(body).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } });
    // The token endpoints share the allowance.
    for (const [path, payload] of [
      ['request-password-reset', { email: 'a@demo.test' }],
      ['reset-password', { token: `rt_${'x'.repeat(43)}`, newPassword: 'long enough' }],
      ['accept-invite', { token: `rt_${'x'.repeat(43)}`, password: 'long enough' }],
    ] as const) {
      const response = await fetch(`${server.url}/auth/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      expect(await expectRateLimited(response)).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } });
    }
  });

  test('behind a trusted proxy, each forwarded client IP has its own allowance', async () => {
    const response = await fetch(`${server.url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ email: 'd@demo.test', password: 'guess', workspace: 'demo' }),
    });
    expect(response.status).toBe(401);
    expect((await postSignIn(server, 'e@demo.test', 'guess')).status).toBe(429);
  });
});

describe('rate limit per API key on /graphql', () => {
  test('an API key gets LIMIT_EXCEEDED with Retry-After once its bucket is empty; sessions are not metered', async () => {
    for (let request = 0; request < 3; request++) {
      expect((await server.gql('{ __typename }', {}, server.apiKey)).errors).toBeUndefined();
    }
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const body = await expectRateLimited(response);
    expect(body).toMatchObject({ errors: [{ extensions: { code: 'LIMIT_EXCEEDED' } }] });
    expect((await server.gql('{ __typename }', {}, server.adminToken)).errors).toBeUndefined();
  });
});

describe('security headers and body size', () => {
  test.each([
    ['the studio', '/', 'GET'],
    ['the data API', '/graphql', 'POST'],
    ['the auth API', '/auth/sign-out', 'POST'],
    ['the health check', '/healthz', 'GET'],
  ])('%s answers with the security headers and no x-powered-by', async (_case, path, method) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  test('a body above the limit is refused with 413 before it is read', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: `{ __typename }${' '.repeat(70 * 1024)}` }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'LIMIT_EXCEEDED' } }] });
  });

  test('a body without Content-Length (chunked) is refused with 411', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ query: '{ __typename }' })));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(411);
  });
});
