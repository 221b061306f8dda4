import { ErrorCode, RelataError } from '@relata/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from './errors';
import { wantsGraphiQL } from './request-auth';

/**
 * For the built studio: scripts only from our origin; styles also inline because Naive UI
 * injects its CSS at run time (css-render); no framing at all (clickjacking).
 */
export const STUDIO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** yoga's GraphiQL page (development only) runs inline scripts and loads its bundle from unpkg. */
const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data: https://raw.githubusercontent.com",
  "connect-src 'self' https://unpkg.com",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const GRAPHQL_PATHS = new Set(['/graphql', '/metadata']);

/**
 * Security headers on every response. HSTS is sent only when the request arrived over HTTPS
 * (directly, or through a proxy Express is told to trust), since on plain HTTP it is ignored.
 */
export function securityHeaders(options: { graphiql: boolean }): RequestHandler {
  // Built once: setting a fixed list with `setHeader` costs a fraction of `res.set({...})` per request.
  const headers = (csp: string): [string, string][] => [
    ['Content-Security-Policy', csp],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ];
  const studio = headers(STUDIO_CSP);
  const graphiql = headers(GRAPHIQL_CSP);
  return (req: Request, res: Response, next: NextFunction) => {
    const graphiqlPage = options.graphiql && GRAPHQL_PATHS.has(req.path) && wantsGraphiQL(req);
    for (const [name, value] of graphiqlPage ? graphiql : studio) res.setHeader(name, value);
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/**
 * Refuses bodies above `maxBytes` before anything reads them (413). A body without
 * Content-Length (chunked) is refused with 411, since its size is unknown until read.
 */
export function limitBodySize(maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = req.headers['content-length'];
    const shape = req.path.startsWith('/auth') ? 'rest' : 'graphql';
    if (length === undefined && req.headers['transfer-encoding'] !== undefined) {
      const error = new RelataError(ErrorCode.BAD_USER_INPUT, 'Send the request body with a Content-Length header.');
      return sendError(res, error, shape, 411);
    }
    if (length !== undefined && Number(length) > maxBytes) {
      const error = new RelataError(
        ErrorCode.LIMIT_EXCEEDED,
        'The request body is too large; split the operation into smaller requests.',
      );
      return sendError(res, error, shape, 413);
    }
    next();
  };
}
