import { forbidden } from '@relata/core';
import { Router } from 'express';
import { parseInput } from '../auth';
import { acceptPortalInvite, portalSignInInput, signInPortal, signOutPortal } from '../portal';
import { route } from './auth-routes';
import type { AuthAttemptLimiter } from './rate-limit';
import { authenticateRequest } from './request-auth';
import type { RuntimeServices } from './services';

/**
 * `POST /portal/auth/sign-in` (workspace, email, password) -> portal session token,
 * `POST /portal/auth/accept-invite` (token, password) sets the invited account's password and signs it in, and
 * `POST /portal/auth/sign-out` (that token) revokes it. Sign-in is rate limited per IP and per
 * account like the members' `/auth/sign-in`, by the same limiter (one IP allowance for both). Member tokens are refused here, as portal tokens
 * are on every member endpoint.
 */
export function portalAuthRoutes(services: RuntimeServices, limiter: AuthAttemptLimiter): Router {
  const router = Router();

  router.post(
    '/sign-in',
    route(async (req) => {
      limiter.attempt(req);
      return signInPortal(services.db, parseInput(portalSignInInput, req.body ?? {}), limiter.guard);
    }),
  );
  // Choosing a password from an invite link; the link's token is single use. Metered per IP like sign-in.
  router.post(
    '/accept-invite',
    route(async (req) => {
      limiter.attempt(req);
      return acceptPortalInvite(services.db, req.body ?? {});
    }),
  );
  router.post(
    '/sign-out',
    route(async (req) => {
      const principal = await authenticateRequest(services, req, { portal: true });
      if (principal.kind !== 'portal')
        throw forbidden('Members sign out at /auth/sign-out; this ends portal sessions.');
      await signOutPortal(services.db, principal.sessionId);
      services.auth.invalidate();
      return { signedOut: true };
    }),
  );
  return router;
}
