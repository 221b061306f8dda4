import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden } from '@relata/core';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from './errors';

/** HttpOnly cookie carrying the session token for the studio (never readable by scripts). */
export const SESSION_COOKIE = 'relata_session';
/** Readable cookie carrying the CSRF token the studio echoes in `X-Relata-CSRF`. */
export const CSRF_COOKIE = 'relata_csrf';
export const CSRF_HEADER = 'x-relata-csrf';

/** Methods that change nothing, so they need no CSRF token (yoga runs no mutation over GET). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF token of a session: a one-way digest of the session token, so it cannot be forged
 * without the HttpOnly cookie and a cookie planted by a sibling subdomain does not match.
 */
export const csrfTokenFor = (sessionToken: string) =>
  createHash('sha256').update(`relata-csrf:${sessionToken}`).digest('base64url');

/** Secure when the request came over HTTPS (directly or through a trusted proxy). */
const cookieOptions = (req: Request, httpOnly: boolean): CookieOptions => ({
  httpOnly,
  sameSite: 'lax',
  secure: req.secure,
  path: '/',
});

/** Sets the session and CSRF cookies after a sign-in; both expire with the session. */
export function setSessionCookies(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req, true), expires: expiresAt });
  res.cookie(CSRF_COOKIE, csrfTokenFor(token), { ...cookieOptions(req, false), expires: expiresAt });
}

/** Clears both cookies (sign-out). */
export function clearSessionCookies(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req, true));
  res.clearCookie(CSRF_COOKIE, cookieOptions(req, false));
}

/** The value of cookie `name` in the request's Cookie header, if any. */
function readCookie(req: Request, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Lets the studio authenticate with its session cookie: a request without an Authorization
 * header but with the cookie is handled as if it sent `Bearer <cookie>`, after its CSRF token
 * (`X-Relata-CSRF`, which another site cannot read or set) is checked on anything but GET/HEAD.
 * Bearer requests (API clients) are left alone: a browser never adds that header by itself.
 * @throws FORBIDDEN (answered here) when a cookie-authenticated request lacks a matching token
 */
export function sessionFromCookie(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization !== undefined) return next();
    const token = readCookie(req, SESSION_COOKIE);
    if (!token || !/^[\w.-]{1,200}$/.test(token)) return next();
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameText(sent, csrfTokenFor(token))) {
        const error = forbidden(
          `A request signed in by cookie needs the ${CSRF_HEADER} header holding the ${CSRF_COOKIE} cookie's value.`,
        );
        return sendError(res, error, req.baseUrl === '/auth' ? 'rest' : 'graphql');
      }
    }
    req.headers.authorization = `Bearer ${token}`;
    next();
  };
}
