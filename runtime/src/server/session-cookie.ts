import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { forbidden, type RelataError } from '@relata/core';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from './errors';
import { wantsGraphiQL } from './request-auth';

/** HttpOnly cookie carrying the session token for the studio (never readable by scripts). */
export const SESSION_COOKIE = 'relata_session';
/** Readable cookie carrying the CSRF token the studio echoes in `X-Relata-CSRF`. */
export const CSRF_COOKIE = 'relata_csrf';
export const CSRF_HEADER = 'x-relata-csrf';

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
function readCookie(req: IncomingMessage, name: string): string | undefined {
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
 * Lets the studio authenticate with its session cookie: a request without an Authorization header
 * but with the cookie is handled as if it sent `Bearer <cookie>`, once its CSRF token
 * (`X-Relata-CSRF`) matches, on every method: a GET answers data too, and the browser sends the
 * SameSite=Lax cookie along with requests from any same-site origin (a sibling subdomain, another
 * port), which cannot set that header without a CORS preflight we grant only to configured origins.
 * Bearer requests (API clients) are left alone: a browser never adds that header by itself. The
 * GraphiQL page (development) holds no data, so its GET is let through without using the cookie.
 * Shared by the Express routes and the compiled-read fast path.
 * @returns null when the request may go on (with the cookie as its bearer token, if it had one),
 * else the FORBIDDEN error to answer
 */
export function admitCookieSession(req: IncomingMessage): RelataError | null {
  if (req.headers.authorization !== undefined || wantsGraphiQL(req)) return null;
  const token = readCookie(req, SESSION_COOKIE);
  if (!token || !/^[\w.-]{1,200}$/.test(token)) return null;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameText(sent, csrfTokenFor(token))) {
    return forbidden(
      `A request signed in by cookie needs the ${CSRF_HEADER} header holding the ${CSRF_COOKIE} cookie's value.`,
    );
  }
  req.headers.authorization = `Bearer ${token}`;
  return null;
}

/** `admitCookieSession` as middleware of the routes that accept the cookie; answers its refusal. */
export function sessionFromCookie(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = admitCookieSession(req);
    if (!refusal) return next();
    sendError(res, refusal, req.baseUrl === '/auth' ? 'rest' : 'graphql');
  };
}
