import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { dataOf } from './http-kit';

// Another origin must not read a signed-in user's data: not a sibling subdomain or another port of
// the same host (same-site, so the browser sends the SameSite=Lax cookie), not any other site.
// The session cookie works only with the CSRF header, whatever the method; CORS grants only the
// configured origins, never a reflected one, and credentials only when asked for.

const ALLOWED = 'https://app.example.test';
const SIBLING = 'https://evil.example.test';
let plain: TestServer;
let configured: TestServer;
let withCredentials: TestServer;
/** Statements the compiled-read fast path ran on `configured` (it answers before Express). */
let fastReads = 0;

/** A read the fast path compiles (one prepared statement), and one it leaves to yoga. */
const COMPILED = '{ notes { totalCount nodes { body } } }';
const VIA_YOGA = '{ __typename }';

async function withNotes(server: TestServer) {
  for (const document of [
    'mutation { createObject(input: { nameSingular: "note", namePlural: "notes", labelSingular: "Note", labelPlural: "Notes" }) { applied } }',
    'mutation { createField(object: "note", input: { name: "body", label: "Body", type: TEXT }) { applied } }',
  ]) {
    dataOf(await server.metadataGql(document), document);
  }
  dataOf(await server.gql('mutation { createNote(data: { body: "private note" }) { id } }'), 'note');
}

beforeAll(async () => {
  [plain, configured, withCredentials] = await Promise.all([
    startTestServer(),
    startTestServer({ cors: { origins: [ALLOWED, 'http://localhost:5173'], credentials: false } }),
    startTestServer({ cors: { origins: [ALLOWED], credentials: true } }),
  ]);
  await Promise.all([withNotes(plain), withNotes(configured)]);
  const db = configured.instance.services.db;
  const queryPrepared = db.queryPrepared.bind(db);
  db.queryPrepared = (statement, params) => {
    fastReads++;
    return queryPrepared(statement, params);
  };
});
afterAll(async () => {
  await Promise.all([plain?.close(), configured?.close(), withCredentials?.close()]);
});

/** Signs in as the studio does; the session cookie and the CSRF token it sets. */
async function cookieSession(server: TestServer) {
  const response = await fetch(`${server.url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password, workspace: 'demo' }),
  });
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  const csrf = cookies.find((pair) => pair.startsWith('relata_csrf='))!.slice('relata_csrf='.length);
  return { cookie: cookies.join('; '), csrf: decodeURIComponent(csrf) };
}

const url = (server: TestServer, path: string, query?: string) =>
  `${server.url}${path}${query ? `?query=${encodeURIComponent(query)}` : ''}`;

const codeOf = async (response: Response) =>
  ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
];
const corsOf = (response: Response) =>
  Object.fromEntries(CORS_HEADERS.map((name) => [name, response.headers.get(name)]).filter(([, v]) => v !== null));

describe('the session cookie alone reads nothing, whatever the method', () => {
  test.each([
    ['GET /graphql', '/graphql', COMPILED, {}],
    ['GET /graphql (a query yoga runs)', '/graphql', VIA_YOGA, {}],
    ['GET /metadata', '/metadata', '{ objects { nameSingular } }', {}],
    [
      'GET /graphql as an SSE subscription',
      '/graphql',
      'subscription { noteChanged { kind } }',
      { accept: 'text/event-stream' },
    ],
  ])('%s with the cookie and no CSRF header: FORBIDDEN (403), no data', async (_what, path, query, headers) => {
    const { cookie } = await cookieSession(plain);
    const response = await fetch(url(plain, path, query), {
      headers: { accept: 'application/json', ...headers, cookie, origin: SIBLING },
    });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).not.toContain('private note');
    expect(text).not.toContain('"data"');
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  });

  test('HEAD and a POST without the header are refused too; a wrong header as well', async () => {
    const { cookie, csrf } = await cookieSession(plain);
    const head = await fetch(url(plain, '/graphql', COMPILED), { method: 'HEAD', headers: { cookie } });
    expect(head.status).toBe(403);
    for (const header of [undefined, `${csrf.slice(1)}x`]) {
      const response = await fetch(url(plain, '/graphql'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie,
          ...(header === undefined ? {} : { 'x-relata-csrf': header }),
        },
        body: JSON.stringify({ query: COMPILED }),
      });
      expect({ status: response.status, code: await codeOf(response) }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
  });

  test('with the CSRF header the cookie works on every method, on the fast path and through yoga', async () => {
    const { cookie, csrf } = await cookieSession(configured);
    const headers = { accept: 'application/json', cookie, 'x-relata-csrf': csrf };
    const get = await fetch(url(configured, '/graphql', COMPILED), { headers });
    expect(await get.json()).toEqual({ data: { notes: { totalCount: 1, nodes: [{ body: 'private note' }] } } });
    const before = fastReads;
    const post = await fetch(url(configured, '/graphql'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: COMPILED }),
    });
    expect(await post.json()).toEqual({ data: { notes: { totalCount: 1, nodes: [{ body: 'private note' }] } } });
    expect(fastReads).toBe(before + 1);
  });

  test('the fast path refuses a cookie without the header like yoga does (no statement runs)', async () => {
    const { cookie } = await cookieSession(configured);
    const before = fastReads;
    const response = await fetch(url(configured, '/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie, origin: ALLOWED },
      body: JSON.stringify({ query: COMPILED }),
    });
    expect({ status: response.status, code: await codeOf(response) }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(fastReads).toBe(before);
  });
});

/** Every endpoint, asked from `origin` with a bearer token where one is needed. */
async function everyEndpoint(server: TestServer, origin: string): Promise<Response[]> {
  const bearer = { authorization: `Bearer ${server.adminToken}`, origin, accept: 'application/json' };
  const json = { ...bearer, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) =>
    fetch(url(server, path), { method: 'POST', headers: json, body: JSON.stringify(body) });
  return Promise.all([
    fetch(url(server, '/graphql', COMPILED), { headers: bearer }),
    post('/graphql', { query: COMPILED }),
    post('/graphql', { query: VIA_YOGA }),
    fetch(url(server, '/metadata', '{ metadataVersion }'), { headers: bearer }),
    post('/metadata', { query: '{ metadataVersion }' }),
    post('/auth/sign-in', { email: server.admin.email, password: server.admin.password, workspace: 'demo' }),
    post('/portal/auth/sign-in', { email: 'nobody@demo.test', password: 'wrong password', workspace: 'demo' }),
    fetch(url(server, '/healthz'), { headers: { origin } }),
    fetch(url(server, '/'), { headers: { origin } }),
  ]);
}

describe('CORS without configured origins: no origin is granted', () => {
  test.each([SIBLING, 'http://127.0.0.1:1', 'null'])('%s gets no CORS header from any endpoint', async (origin) => {
    for (const response of await everyEndpoint(plain, origin)) {
      expect({ url: response.url, cors: corsOf(response) }).toEqual({ url: response.url, cors: {} });
    }
  });

  test.each(['/graphql', '/metadata', '/auth/sign-in', '/portal/auth/sign-in'])(
    'a preflight to %s is refused (403, no CORS header)',
    async (path) => {
      const response = await fetch(url(plain, path), {
        method: 'OPTIONS',
        headers: {
          origin: SIBLING,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, x-relata-csrf',
        },
      });
      expect(response.status).toBe(403);
      expect(corsOf(response)).toEqual({});
    },
  );
});

describe('CORS with RELATA_CORS_ORIGINS', () => {
  test('a configured origin is granted on every endpoint (fast path included), without credentials', async () => {
    const before = fastReads;
    for (const response of await everyEndpoint(configured, ALLOWED)) {
      expect({ url: response.url, cors: corsOf(response) }).toEqual({
        url: response.url,
        cors: { 'access-control-allow-origin': ALLOWED },
      });
      expect(response.headers.get('vary')).toMatch(/origin/i);
    }
    expect(fastReads).toBeGreaterThan(before);
  });

  test.each([
    ['a sibling subdomain', SIBLING],
    ['another port of the allowed host', 'https://app.example.test:8443'],
    ['another scheme', 'http://app.example.test'],
    ['a suffix trick', 'https://app.example.test.evil.test'],
    ['the opaque origin', 'null'],
  ])('%s is not granted', async (_what, origin) => {
    for (const response of await everyEndpoint(configured, origin)) {
      expect({ url: response.url, cors: corsOf(response) }).toEqual({ url: response.url, cors: {} });
    }
  });

  test('a preflight from a configured origin is answered (204) with the methods and headers the API takes', async () => {
    for (const path of ['/graphql', '/metadata', '/auth/sign-in']) {
      const response = await fetch(url(configured, path), {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(response.headers.get('access-control-allow-headers')).toContain('x-relata-csrf');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const other = await fetch(url(configured, '/graphql'), {
      method: 'OPTIONS',
      headers: { origin: SIBLING, 'access-control-request-method': 'POST' },
    });
    expect({ status: other.status, cors: corsOf(other) }).toEqual({ status: 403, cors: {} });
  });

  test('with RELATA_CORS_CREDENTIALS=true a configured origin may send cookies (still with the CSRF header)', async () => {
    const preflight = await fetch(url(withCredentials, '/graphql'), {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(corsOf(preflight)).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
    });
    const { cookie, csrf } = await cookieSession(withCredentials);
    const refused = await fetch(url(withCredentials, '/graphql', VIA_YOGA), { headers: { cookie, origin: ALLOWED } });
    expect(refused.status).toBe(403);
    const answered = await fetch(url(withCredentials, '/graphql', VIA_YOGA), {
      headers: { cookie, origin: ALLOWED, 'x-relata-csrf': csrf, accept: 'application/json' },
    });
    expect(answered.status).toBe(200);
    expect(corsOf(answered)).toEqual({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
    });
    const stranger = await fetch(url(withCredentials, '/graphql', VIA_YOGA), {
      headers: { authorization: `Bearer ${withCredentials.adminToken}`, origin: SIBLING },
    });
    expect(corsOf(stranger)).toEqual({});
  });
});
