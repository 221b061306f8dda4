import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { badInput, limitExceeded } from '../errors';
import { checkAddress, guardedLookup, systemResolve } from './guarded-lookup';
import { outboundError, refusedTarget } from './outbound-errors';
import {
  hostAllowed,
  MAX_REQUEST_BODY_BYTES,
  OUTBOUND_DEFAULTS,
  type OutboundPolicy,
  type OutboundRequest,
  type OutboundResponse,
  outboundRequestSchema,
} from './outbound-policy';

/** Headers the client sets itself: a caller setting them could smuggle a second request or lie about the host. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);
/** Dropped when a redirect leaves the origin the caller addressed. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/**
 * The one way Relata calls out (HTTP steps, webhooks, plugins' `ctx.http.fetch`). Refuses
 * loopback, private, link-local and metadata-service addresses in any notation, checks every
 * address a host resolves to and connects only to those, follows redirects itself (each hop
 * checked again, credentials dropped when the origin changes), and caps redirects, body size
 * and time. Refusals are FORBIDDEN (`details.reason`), caps LIMIT_EXCEEDED, failures of the
 * other side UPSTREAM_FAILED.
 */
export async function outboundFetch(request: OutboundRequest, policy: OutboundPolicy = {}): Promise<OutboundResponse> {
  const limits = { ...OUTBOUND_DEFAULTS, ...policy };
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let hop = firstHop(request);
  for (let redirects = 0; ; redirects++) {
    const response = await send(hop, policy, deadline);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || !location) {
      const read = await readResponse(response, hop, limits.maxBodyBytes);
      return { ...read, url: hop.url.href, redirects };
    }
    response.resume();
    if (redirects >= limits.maxRedirects) throw limitExceeded(`more than ${limits.maxRedirects} redirects`);
    hop = nextHop(hop, response.statusCode!, location);
  }
}

function firstHop(request: OutboundRequest): Hop {
  const parsed = outboundRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(['request', ...issue.path].join('.'), issue.message);
  }
  const { url, method, headers = {}, body } = parsed.data;
  const own: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) own[name.toLowerCase()] = value;
  }
  const bytes = body === undefined ? undefined : Buffer.from(body);
  if (bytes && bytes.length > MAX_REQUEST_BODY_BYTES) throw limitExceeded('the request body is too large');
  return { url: parseUrl(url), method, headers: own, body: bytes };
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw badInput('url', `${text.slice(0, 200)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refusedTarget('scheme', `${url.protocol} URLs cannot be called; use http or https`);
  }
  return url;
}

/** A redirect's next request: 303 (and 301/302 after POST) become GET, as browsers do. */
function nextHop(hop: Hop, status: number, location: string): Hop {
  const url = parseUrl(location, hop.url);
  const headers: Record<string, string> = Object.assign(Object.create(null), hop.headers);
  if (url.origin !== hop.url.origin) {
    for (const name of CREDENTIAL_HEADERS) delete headers[name];
    url.username = '';
    url.password = '';
  }
  const toGet = status === 303 || ((status === 301 || status === 302) && hop.method === 'POST');
  if (!toGet) return { url, method: hop.method, headers, body: hop.body };
  delete headers['content-type'];
  return { url, method: hop.method === 'HEAD' ? 'HEAD' : 'GET', headers, body: undefined };
}

async function send(hop: Hop, policy: OutboundPolicy, deadline: AbortSignal): Promise<IncomingMessage> {
  const { url } = hop;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const loopbackPorts = policy.allowLoopbackPorts ?? [];
  try {
    if (!hostAllowed(hostname.toLowerCase(), policy.allowHosts)) {
      throw refusedTarget('host-not-allowed', `${hostname} is not among the hosts this call may reach`);
    }
    // A literal address never goes through the lookup: judge it here.
    if (isIP(hostname)) checkAddress(hostname, port, loopbackPorts);
    const client = url.protocol === 'https:' ? https : http;
    return await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = client.request(
        {
          protocol: url.protocol,
          hostname,
          port,
          path: `${url.pathname}${url.search}`,
          method: hop.method,
          headers: hop.body ? { ...hop.headers, 'content-length': String(hop.body.length) } : hop.headers,
          auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
          agent: false,
          lookup: guardedLookup(port, loopbackPorts, policy.resolve ?? systemResolve),
          signal: deadline,
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(hop.body);
    });
  } catch (error) {
    throw outboundError(error, hostname);
  }
}

async function readResponse(
  response: IncomingMessage,
  { method, url }: Hop,
  maxBodyBytes: number,
): Promise<Omit<OutboundResponse, 'url' | 'redirects'>> {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const status = response.statusCode ?? 0;
  const tooLarge = () => limitExceeded(`the response is larger than ${maxBodyBytes} bytes`);
  if (Number(headers['content-length'] ?? 0) > maxBodyBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    if (method !== 'HEAD') {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBodyBytes) {
          response.destroy();
          throw tooLarge();
        }
        chunks.push(chunk);
      }
    }
  } catch (error) {
    throw outboundError(error, url.hostname);
  }
  return { status, headers, body: Buffer.concat(chunks) };
}
