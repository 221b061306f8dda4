import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { checkGroupCount } from '@relata/core';
import type { Express } from 'express';
import { applyCrossOrigin, type CrossOriginPolicy } from './cross-origin';
import { dataRequestContext, requestDatabase } from './data-context';
import { type OperationRequest, operationPlan } from './operation-plans';
import type { ClientRateLimiter } from './rate-limit';
import { authenticateRequest } from './request-auth';
import { setSecurityHeaders } from './security-headers';
import type { RuntimeServices } from './services';
import { admitCookieSession } from './session-cookie';
import { workspaceOfRequest } from './workspace-of-request';

/** Accept headers for which the fast path's plain JSON answer is what yoga would send too. */
const plainJson = (accept: string | undefined) =>
  !accept || accept.split(',').every((t) => /^\s*(application\/json|\*\/\*)\s*(;.*)?$/.test(t));

const isJsonBody = (req: IncomingMessage) => /^application\/json\s*(;.*)?$/i.test(req.headers['content-type'] ?? '');

/** Compiled reads run as one statement each and are not cancelled midway. */
const NEVER_ABORTED = new AbortController().signal;

/** The body as text; its Content-Length was checked against the limit before reading. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The GraphQL-over-HTTP params of a JSON body, or null for anything else (yoga then answers it). */
function operationRequest(body: string): OperationRequest | null {
  let params: unknown;
  try {
    params = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isObject(params) || typeof params.query !== 'string') return null;
  const { query, operationName, variables } = params;
  if (operationName != null && typeof operationName !== 'string') return null;
  if (variables != null && !isObject(variables)) return null;
  return { query, operationName: operationName ?? null, variables: variables ?? {} };
}

/** Express' `req.secure` (HTTPS, directly or through a proxy `trust proxy` accepts), without Express. */
function isSecure(req: IncomingMessage, app: Express): boolean {
  const socket = req.socket as TLSSocket;
  if (socket.encrypted) return true;
  // The compiled form of the app's `trust proxy` setting, as Express' own `req.protocol` reads it.
  const trust = app.get('trust proxy fn') as (address: string | undefined, hop: number) => boolean;
  if (!trust(socket.remoteAddress, 0)) return false;
  const header = req.headers['x-forwarded-proto'];
  return (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim() === 'https';
}

/** Whether `req` may be a compiled read: a JSON POST to /graphql of a size the limit allows. */
function candidate(req: IncomingMessage, maxBodyBytes: number): boolean {
  const length = Number(req.headers['content-length']);
  return (
    req.method === 'POST' &&
    req.url === '/graphql' &&
    length > 0 &&
    length <= maxBodyBytes &&
    isJsonBody(req) &&
    plainJson(req.headers.accept)
  );
}

/** What the fast path shares with the Express app's middleware, so both admit requests alike. */
export interface RequestAdmission {
  clients: ClientRateLimiter;
  crossOrigin: CrossOriginPolicy;
}

/**
 * The server's request listener: read-only queries whose every root field compiles to one JSON
 * value are answered here, before Express (whose per-request set-up costs about as much as the
 * rest of such a request): the same cross-origin rules, cookie session and CSRF check,
 * authentication, workspace check, rate limit and headers (the very functions Express runs), then the
 * plan cached per (schema, actor, operation, variables) runs as prepared statements and the
 * database's JSON text is the response. Anything else, and any failure on the way (a bad token,
 * an exhausted rate limit, a refused or failing query), goes to `app` with the body already
 * read, and Express and yoga answer it with their usual errors and codes.
 */
export function withFastQueries(
  app: Express,
  services: RuntimeServices,
  { clients, crossOrigin }: RequestAdmission,
): RequestListener {
  const fallback = (req: IncomingMessage, res: ServerResponse, body?: string) => {
    // yoga takes an already-read body from `req.body` (a string is used as is).
    if (body !== undefined) Object.assign(req, { body });
    app(req, res);
  };
  return async (req, res) => {
    if (!candidate(req, services.limits.maxBodyBytes)) return fallback(req, res);
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    try {
      const request = operationRequest(body);
      if (!request) return fallback(req, res, body);
      applyCrossOrigin(req, res, crossOrigin);
      // A refused cookie goes to Express, whose same check answers it.
      if (admitCookieSession(req)) return fallback(req, res, body);
      const principal = await authenticateRequest(services, req, { portal: true });
      const { schema, permissions } = await workspaceOfRequest(req, services);
      const ctx = await dataRequestContext(req, NEVER_ABORTED, services);
      const plan = operationPlan(schema, request, ctx);
      const db = requestDatabase(req, services, permissions);
      if (!plan) return fallback(req, res, body);
      const leave = await clients.admit(principal);
      let values: string[];
      try {
        values = await Promise.all(
          plan.fields.map(async (field) => {
            const { rows } = await db.queryPrepared<{ json: string | null }>(field.statement, field.params);
            if (field.maxRows !== null) checkGroupCount(rows.length, field.maxRows);
            const json = field.list ? `[${rows.map((r) => r.json).join(',')}]` : (rows[0]?.json ?? 'null');
            return `${JSON.stringify(field.key)}:${json}`;
          }),
        );
      } finally {
        // Freed before a fallback, whose Express route admits the request again.
        leave();
      }
      const response = `{"data":{${values.join(',')}}}`;
      // graphql-js answers what is too large, with the same refusal (see response-limit.ts).
      if (Buffer.byteLength(response) > services.limits.maxResponseBytes) return fallback(req, res, body);
      setSecurityHeaders(res, { graphiqlPage: false, secure: isSecure(req, app) });
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(response));
      res.end(response);
    } catch {
      fallback(req, res, body);
    }
  };
}
