import { forbidden } from '@relata/core';
import { Router } from 'express';
import { parseInput } from '../auth';
import { portalSignInInput, signInPortal, signOutPortal } from '../portal';
import { bodyString, route } from './auth-routes';
import { AuthAttemptLimiter } from './rate-limit';
import type { RuntimeServices } from './services';

/**
 * `POST /portal/auth/sign-in` (workspace, email, password) -> portal session token, and
 * `POST /portal/auth/sign-out` (that token) revokes it. Sign-in is rate limited per IP and per
 * account like the members' `/auth/sign-in`. Member tokens are refused here, as portal tokens
 * are on every member endpoint.
 */
export function portalAuthRoutes(services: RuntimeServices): Router {
  const router = Router();
  const limiter = new AuthAttemptLimiter(services.limits);

  router.post(
    '/sign-in',
    route(async (req) => {
      const email = bodyString(req, 'email');
      limiter.attempt(req, email === undefined ? undefined : `portal:${email}`);
      return signInPortal(services.db, parseInput(portalSignInInput, req.body ?? {}));
    }),
  );
  router.post(
    '/sign-out',
    route(async (req) => {
      const principal = await services.auth.authenticateData(req.headers.authorization);
      if (principal.kind !== 'portal')
        throw forbidden('Members sign out at /auth/sign-out; this ends portal sessions.');
      await signOutPortal(services.db, principal.sessionId);
      services.auth.invalidate();
      return { signedOut: true };
    }),
  );
  return router;
}
