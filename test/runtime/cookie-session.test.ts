import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;

beforeAll(async () => {
  // Trusting the loopback proxy lets a test say "this arrived over HTTPS" with X-Forwarded-Proto.
  server = await startTestServer({ trustProxy: 'loopback' });
});
afterAll(async () => {
  await server?.close();
});

interface StudioSession {
  token: string;
  csrf: string;
  /** The Set-Cookie lines of the sign-in answer. */
  setCookies: string[];
}

async function studioSignIn(headers: Record<string, string> = {}): Promise<StudioSession> {
  const response = await fetch(`${server.url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password, workspace: 'demo' }),
  });
  expect(response.status).toBe(200);
  const setCookies = response.headers.getSetCookie();
  const value = (name: string) =>
    decodeURIComponent(
      setCookies
        .find((line) => line.startsWith(`${name}=`))
        ?.split(';')[0]
        ?.slice(name.length + 1) ?? '',
    );
  return { token: value('relata_session'), csrf: value('relata_csrf'), setCookies };
}

/** A GraphQL answer, or a REST one from /auth. */
interface Answer {
  data?: unknown;
  errors: { extensions: { code: string } }[];
  error?: { code: string };
  signedOut?: boolean;
}

/** POSTs as the studio does: the cookies, and the CSRF header when given. */
async function post(path: string, session: StudioSession, body: unknown, csrf: string | null = session.csrf) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    cookie: `relata_session=${session.token}; relata_csrf=${session.csrf}`,
  };
  if (csrf !== null) headers['x-relata-csrf'] = csrf;
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

const typename = { query: '{ __typename }' };

describe('studio cookie session with CSRF', () => {
  test('sign-in sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const { token, csrf, setCookies } = await studioSignIn();
    expect(token).toMatch(/\S{20,}/);
    expect(csrf).toMatch(/^[\w-]{43}$/);
    const session = setCookies.find((line) => line.startsWith('relata_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(session).not.toMatch(/; Secure/);
    const readable = setCookies.find((line) => line.startsWith('relata_csrf='))!;
    expect(readable).not.toMatch(/HttpOnly/);
  });

  test('over HTTPS (through the trusted proxy) both cookies are Secure', async () => {
    const { setCookies } = await studioSignIn({ 'x-forwarded-proto': 'https' });
    expect(setCookies).toHaveLength(2);
    for (const line of setCookies) expect(line).toMatch(/; Secure/);
  });

  test.each(['/graphql', '/metadata'])(
    '%s: the cookie without the CSRF header is FORBIDDEN, a wrong one too, the right one works',
    async (path) => {
      const session = await studioSignIn();
      const missing = await post(path, session, typename, null);
      expect(missing).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
      const wrong = await post(path, session, typename, `${session.csrf.slice(1)}x`);
      expect(wrong.body.errors[0]?.extensions.code).toBe('FORBIDDEN');
      const right = await post(path, session, typename);
      expect(right).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
    },
  );

  test('a CSRF token of another session does not pass', async () => {
    const mine = await studioSignIn();
    const other = await studioSignIn();
    const crossed = await post('/graphql', mine, typename, other.csrf);
    expect(crossed.body.errors[0]?.extensions.code).toBe('FORBIDDEN');
  });

  test('bearer requests (API clients) need no CSRF token', async () => {
    expect((await server.gql('{ __typename }', {}, server.apiKey)).data).toEqual({ __typename: 'Query' });
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  test('subscriptions over SSE work with the cookie and the header', async () => {
    const session = await studioSignIn();
    const controller = new AbortController();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        cookie: `relata_session=${session.token}`,
        'x-relata-csrf': session.csrf,
      },
      body: JSON.stringify({ query: 'subscription { __typename }' }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });

  test('sign-out by cookie needs the CSRF header, then clears both cookies and revokes the session', async () => {
    const session = await studioSignIn();
    const refused = await post('/auth/sign-out', session, {}, null);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await post('/graphql', session, typename)).status).toBe(200);

    const signedOut = await post('/auth/sign-out', session, {});
    expect(signedOut).toMatchObject({ status: 200, body: { signedOut: true } });
    const cleared = signedOut.headers.getSetCookie();
    for (const name of ['relata_session', 'relata_csrf']) {
      expect(cleared.find((line) => line.startsWith(`${name}=;`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    }
    const after = await post('/graphql', session, typename);
    expect(after.body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await server.gql('{ __typename }', {}, session.token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
