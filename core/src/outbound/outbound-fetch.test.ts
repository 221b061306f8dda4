import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { RelataError } from '../errors';
import { outboundFetch } from './outbound-fetch';
import type { OutboundPolicy, OutboundRequest } from './outbound-policy';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local server that records every request it receives and answers with `handler`. */
async function localServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, seen, origin: `http://127.0.0.1:${port}` };
}

type Local = Awaited<ReturnType<typeof localServer>>;
let target: Local;
let other: Local;

beforeAll(async () => {
  target = await localServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const go = url.searchParams.get('go');
    if (go) {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: go }).end();
    } else if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/big') {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let i = 0; i < 32; i++) res.write(chunk);
      res.end();
    } else if (url.pathname === '/declared-big') {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).end('x');
    } else if (url.pathname === '/hang') {
      // Never answers: the caller's deadline ends it.
    } else {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-echo-method': req.method ?? '' }).end(`ok:${body}`);
    }
  });
  other = await localServer((_req, res) => res.writeHead(200).end('other'));
});
afterAll(() => {
  target.server.closeAllConnections();
  target.server.close();
  other.server.close();
});
beforeEach(() => {
  target.seen.length = 0;
  other.seen.length = 0;
});

const allowTarget = (): OutboundPolicy => ({ allowLoopbackPorts: [target.port] });

async function refusal(request: OutboundRequest, policy: OutboundPolicy = {}): Promise<RelataError> {
  const error = await outboundFetch(request, policy).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RelataError);
  return error as RelataError;
}

describe('outboundFetch', () => {
  test('calls an allowed server and reads status, headers and body', async () => {
    const response = await outboundFetch(
      { url: `${target.origin}/hello?x=1`, method: 'post', body: 'payload', headers: { 'X-Token': 'abc' } },
      allowTarget(),
    );
    expect(response).toMatchObject({ status: 200, url: `${target.origin}/hello?x=1`, redirects: 0 });
    expect(response.body.toString()).toBe('ok:payload');
    expect(response.headers['x-echo-method']).toBe('POST');
    expect(target.seen[0]).toMatchObject({ method: 'POST', url: '/hello?x=1' });
    expect(target.seen[0]!.headers['x-token']).toBe('abc');
  });

  test.each([
    ['dotted', (port: number) => `http://127.0.0.1:${port}/`],
    ['short', (port: number) => `http://127.1:${port}/`],
    ['decimal', (port: number) => `http://2130706433:${port}/`],
    ['hexadecimal', (port: number) => `http://0x7f000001:${port}/`],
    ['octal', (port: number) => `http://0177.0.0.1:${port}/`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/`],
  ])('refuses loopback written %s, and nothing reaches the server', async (_how, url) => {
    const error = await refusal({ url: url(target.port) });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details.reason).toBe('loopback-address');
    expect(target.seen).toHaveLength(0);
  });

  test.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.1/',
    'http://[::ffff:192.168.0.1]/',
    'http://0.0.0.0/',
  ])('refuses private and metadata-service address %s', async (url) => {
    const error = await refusal({ url });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details.reason).toBe('private-address');
  });

  test('a loopback port the policy lists is the only one open', async () => {
    const error = await refusal({ url: other.origin }, allowTarget());
    expect(error.details.reason).toBe('loopback-address');
    expect(other.seen).toHaveLength(0);
  });

  test('refuses other schemes and malformed input', async () => {
    expect((await refusal({ url: 'file:///etc/passwd' })).details.reason).toBe('scheme');
    expect((await refusal({ url: 'gopher://example.com/' })).details.reason).toBe('scheme');
    expect((await refusal({ url: 'not a url' })).details.field).toBe('url');
    const injected = await refusal({ url: target.origin, headers: { 'x-a': 'b\r\nx-b: c' } }, allowTarget());
    expect(injected.details.field).toBe('request.headers.x-a');
  });

  test('the caller cannot set the host or framing headers', async () => {
    await outboundFetch(
      { url: target.origin, headers: { Host: 'evil.example', 'Transfer-Encoding': 'chunked' } },
      allowTarget(),
    );
    expect(target.seen[0]!.headers.host).toBe(`127.0.0.1:${target.port}`);
    expect(target.seen[0]!.headers['transfer-encoding']).toBeUndefined();
  });

  test('only listed hosts are reached, wildcards covering subdomains only', async () => {
    const resolve = async () => ['127.0.0.1'];
    const policy = { ...allowTarget(), resolve, allowHosts: ['api.test', '*.hooks.test'] };
    expect((await outboundFetch({ url: `http://api.test:${target.port}/` }, policy)).status).toBe(200);
    expect((await outboundFetch({ url: `http://a.hooks.test:${target.port}/` }, policy)).status).toBe(200);
    for (const host of ['hooks.test', 'api.test.evil', 'other.test']) {
      expect((await refusal({ url: `http://${host}:${target.port}/` }, policy)).details.reason).toBe(
        'host-not-allowed',
      );
    }
    expect(target.seen.map((it) => it.headers.host)).toEqual([
      `api.test:${target.port}`,
      `a.hooks.test:${target.port}`,
    ]);
  });

  test('a name resolving to any private address is refused, and the socket uses the checked answer', async () => {
    let answers = 0;
    // A rebinding DNS server: public first, loopback after. The client resolves once per connection.
    const rebinding = async () => (answers++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']);
    const mixed = async () => ['93.184.216.34', '10.0.0.7'];
    expect((await refusal({ url: `http://mixed.test:${target.port}/` }, { resolve: mixed })).details.reason).toBe(
      'private-address',
    );
    const error = await refusal(
      { url: `http://rebind.test:${target.port}/` },
      { ...allowTarget(), resolve: rebinding, timeoutMs: 300 },
    );
    expect(answers).toBe(1);
    expect(error.code).toBe('UPSTREAM_FAILED');
    expect(target.seen).toHaveLength(0);
    expect(error.message).not.toContain('93.184');
  });

  test('every redirect hop is checked again', async () => {
    const toPrivate = encodeURIComponent(`${other.origin}/`);
    const error = await refusal({ url: `${target.origin}/?go=${toPrivate}` }, allowTarget());
    expect(error.details.reason).toBe('loopback-address');
    expect(other.seen).toHaveLength(0);
    const toMetadata = encodeURIComponent('http://169.254.169.254/');
    expect((await refusal({ url: `${target.origin}/?go=${toMetadata}` }, allowTarget())).details.reason).toBe(
      'private-address',
    );
    const toFile = encodeURIComponent('file:///etc/passwd');
    expect((await refusal({ url: `${target.origin}/?go=${toFile}` }, allowTarget())).details.reason).toBe('scheme');
  });

  test('redirects are capped', async () => {
    const error = await refusal({ url: `${target.origin}/loop` }, { ...allowTarget(), maxRedirects: 3 });
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(target.seen).toHaveLength(4);
  });

  test('credentials go along within the origin and are dropped when a redirect leaves it', async () => {
    const policy = { allowLoopbackPorts: [target.port, other.port] };
    const headers = { authorization: 'Bearer secret', cookie: 'session=1', 'x-keep': 'yes' };
    await outboundFetch({ url: `${target.origin}/?go=${encodeURIComponent('/same')}`, headers }, policy);
    expect(target.seen[1]!.headers.authorization).toBe('Bearer secret');
    const away = encodeURIComponent(`${other.origin}/away`);
    const response = await outboundFetch(
      { url: `http://user:pw@127.0.0.1:${target.port}/?go=${away}`, headers },
      policy,
    );
    expect(response).toMatchObject({ url: `${other.origin}/away`, redirects: 1 });
    expect(target.seen[2]!.headers.authorization).toBe('Bearer secret');
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    expect(other.seen[0]!.headers.cookie).toBeUndefined();
    expect(other.seen[0]!.headers['x-keep']).toBe('yes');
  });

  test('303 turns a POST into a GET without body; 307 repeats it', async () => {
    const see = encodeURIComponent('/after');
    await outboundFetch({ url: `${target.origin}/?status=303&go=${see}`, method: 'POST', body: 'b' }, allowTarget());
    expect(target.seen[1]).toMatchObject({ method: 'GET', body: '' });
    await outboundFetch({ url: `${target.origin}/?status=307&go=${see}`, method: 'POST', body: 'b' }, allowTarget());
    expect(target.seen[3]).toMatchObject({ method: 'POST', body: 'b' });
  });

  test('bodies past the cap and calls past the deadline fail with their code', async () => {
    const small = { ...allowTarget(), maxBodyBytes: 1024 * 1024 };
    expect((await refusal({ url: `${target.origin}/big` }, small)).code).toBe('LIMIT_EXCEEDED');
    expect((await refusal({ url: `${target.origin}/declared-big` }, small)).code).toBe('LIMIT_EXCEEDED');
    const late = await refusal({ url: `${target.origin}/hang` }, { ...allowTarget(), timeoutMs: 200 });
    expect(late).toMatchObject({ code: 'UPSTREAM_FAILED', details: { reason: 'timeout' } });
  });
});
