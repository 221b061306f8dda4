import { badInput } from '@relata/core';
import { type Request, type Response, Router } from 'express';
import {
  acceptInvite,
  accountKey,
  changePassword,
  listMemberships,
  requestPasswordReset,
  resetPassword,
  signIn,
  signInInput,
  signOut,
  signOutEverywhere,
  switchWorkspace,
  updateProfile,
} from '../auth';
import { sendError } from './errors';
import type { AuthAttemptLimiter } from './rate-limit';
import { authenticateRequest, principalOf } from './request-auth';
import type { RuntimeServices } from './services';
import { clearSessionCookies, sessionFromCookie, setSessionCookies } from './session-cookie';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** Runs `handler` and answers its result as JSON, or the error in the REST shape. */
export const route = (handler: Handler) => async (req: Request, res: Response) => {
  try {
    res.json(await handler(req, res));
  } catch (error) {
    sendError(res, error, 'rest');
  }
};

/** The body's string field `name`, if any (used to count attempts per account before validation). */
export const bodyString = (req: Request, name: string): string | undefined => {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * `POST /auth/sign-in` (email, password, workspace) -> session token; `POST /auth/sign-out` revokes
 * it; `POST /auth/change-password` (current and new password, signed in); `POST /auth/profile`
 * (name) and `POST /auth/sign-out-everywhere` (every session of the user, signed in);
 * `GET /auth/workspaces` (the account's workspaces) and `POST /auth/switch-workspace` (workspace;
 * a session there for the same account, signed in);
 * `POST /auth/request-password-reset` (email; always 200) and `POST /auth/reset-password` (token,
 * new password); `POST /auth/accept-invite` (token, password, name). Every endpoint is rate limited
 * per IP; each attempt at an account's password (sign-in, change-password, accept-invite as an
 * existing account) and each reset mail counts against that account's one allowance too.
 * Sign-in also sets the studio's HttpOnly session cookie (and its CSRF cookie); sign-out and
 * change-password accept that cookie with the `X-Relata-CSRF` header instead of a bearer token.
 */
export function authRoutes(services: RuntimeServices, limiter: AuthAttemptLimiter): Router {
  const router = Router();
  /** The member the request's token (or cookie) stands for, checked as on the GraphQL endpoints. */
  const memberOf = async (req: Request) => {
    await authenticateRequest(services, req, { portal: false });
    return principalOf(req);
  };

  router.post(
    '/sign-in',
    route(async (req, res) => {
      limiter.attempt(req);
      const parsed = signInInput.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(String(issue.path[0] ?? 'body'), issue.message);
      }
      const signedIn = await signIn(services.db, parsed.data, limiter.guard);
      setSessionCookies(req, res, signedIn.token, new Date(signedIn.expiresAt));
      return signedIn;
    }),
  );
  const cookieSession = sessionFromCookie();
  router.post(
    '/sign-out',
    cookieSession,
    route(async (req, res) => {
      clearSessionCookies(req, res);
      const principal = await memberOf(req);
      if (principal.sessionId) await signOut(services.db, principal.sessionId);
      services.auth.invalidate();
      return { signedOut: true };
    }),
  );
  router.post(
    '/change-password',
    cookieSession,
    route(async (req) => {
      const principal = await memberOf(req);
      limiter.attempt(req);
      await changePassword(services.db, principal, req.body ?? {}, limiter.guard);
      services.auth.invalidate();
      return { changed: true };
    }),
  );
  router.post(
    '/profile',
    cookieSession,
    route(async (req) => updateProfile(services.db, await memberOf(req), req.body ?? {})),
  );
  router.post(
    '/sign-out-everywhere',
    cookieSession,
    route(async (req, res) => {
      const principal = await memberOf(req);
      await signOutEverywhere(services.db, principal);
      clearSessionCookies(req, res);
      services.auth.invalidate();
      return { signedOut: true };
    }),
  );
  router.get(
    '/workspaces',
    cookieSession,
    // A signed-in read like /profile: not counted against the IP's sign-in allowance.
    route(async (req) => ({ workspaces: await listMemberships(services.db, await memberOf(req)) })),
  );
  router.post(
    '/switch-workspace',
    cookieSession,
    route(async (req, res) => {
      limiter.attempt(req);
      const switched = await switchWorkspace(services.db, await memberOf(req), req.body ?? {});
      services.auth.invalidate();
      setSessionCookies(req, res, switched.token, new Date(switched.expiresAt));
      return switched;
    }),
  );
  router.post(
    '/request-password-reset',
    route(async (req) => {
      const email = bodyString(req, 'email');
      limiter.attempt(req, email === undefined ? undefined : accountKey.member(email));
      requestPasswordReset(services.db, services.mailer, services.links, req.body ?? {});
      return { requested: true };
    }),
  );
  router.post(
    '/reset-password',
    route(async (req) => {
      // Per IP only: the token (32 random bytes) is the secret, and a guess names no account;
      // counting a valid one against its account would lock out the owner that a brute force
      // on sign-in has locked already, when a reset is their way back in.
      limiter.attempt(req);
      await resetPassword(services.db, req.body ?? {});
      services.auth.invalidate();
      return { reset: true };
    }),
  );
  router.post(
    '/accept-invite',
    route(async (req) => {
      limiter.attempt(req);
      return { accepted: true, ...(await acceptInvite(services.db, req.body ?? {}, limiter.guard)) };
    }),
  );
  return router;
}
