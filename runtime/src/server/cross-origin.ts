import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CorsSettings } from '../config';

/** What the API takes from a browser on another origin: GraphQL over GET/POST and the /auth routes. */
const ALLOWED_METHODS = 'GET, POST';
const ALLOWED_HEADERS =
  'authorization, content-type, accept, x-relata-csrf, x-relata-workspace, x-relata-client, last-event-id';
/** Scripts may read how long a rate limit lasts. */
const EXPOSED_HEADERS = 'retry-after';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** Origins checked by exact string equality: no pattern, no suffix match, never the request's own value echoed. */
export interface CrossOriginPolicy {
  origins: ReadonlySet<string>;
  credentials: boolean;
}

export const crossOriginPolicy = (settings: CorsSettings): CrossOriginPolicy => ({
  origins: new Set(settings.origins),
  credentials: settings.credentials,
});

/**
 * The cross-origin rules of every response, shared by the Express app and the compiled-read fast
 * path (yoga's own CORS, which reflects any origin with credentials, is switched off). Only a
 * configured origin is granted, by echoing that configured value; `Allow-Credentials` only when
 * configured. A preflight (OPTIONS with `Access-Control-Request-Method`) is answered here: 204 with
 * the grant for a configured origin, 403 without any CORS header for every other.
 * @returns true when the request was a preflight and has been answered
 */
export function applyCrossOrigin(req: IncomingMessage, res: ServerResponse, policy: CrossOriginPolicy): boolean {
  const origin = req.headers.origin;
  const granted = origin !== undefined && policy.origins.has(origin);
  // With origins configured, the same URL answers differently per Origin: caches must keep them apart.
  if (policy.origins.size > 0) res.setHeader('Vary', 'Origin');
  if (granted) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (policy.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  const preflight = req.method === 'OPTIONS' && origin !== undefined && 'access-control-request-method' in req.headers;
  if (!preflight) {
    if (granted) res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    return false;
  }
  if (granted) {
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  }
  res.statusCode = granted ? 204 : 403;
  // Safari waits for a body on a 204 without Content-Length.
  res.setHeader('Content-Length', '0');
  res.end();
  return true;
}

/** `applyCrossOrigin` as the app's first middleware. */
export function crossOrigin(policy: CrossOriginPolicy): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!applyCrossOrigin(req, res, policy)) next();
  };
}
