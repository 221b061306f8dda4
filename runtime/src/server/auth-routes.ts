import { badInput } from '@relata/core';
import { type Request, type Response, Router } from 'express';
import { signIn, signInInput, signOut } from '../auth';
import { sendError } from './errors';
import type { RuntimeServices } from './services';

/** `POST /auth/sign-in` (email, password, workspace) -> session token; `POST /auth/sign-out` revokes it. */
export function authRoutes(services: RuntimeServices): Router {
  const router = Router();
  router.post('/sign-in', async (req: Request, res: Response) => {
    try {
      const parsed = signInInput.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(String(issue.path[0] ?? 'body'), issue.message);
      }
      res.json(await signIn(services.db, parsed.data));
    } catch (error) {
      sendError(res, error, 'rest');
    }
  });
  router.post('/sign-out', async (req: Request, res: Response) => {
    try {
      const principal = await services.auth.authenticate(req.headers.authorization);
      if (principal.sessionId) await signOut(services.db, principal.sessionId);
      services.auth.invalidate();
      res.json({ signedOut: true });
    } catch (error) {
      sendError(res, error, 'rest');
    }
  });
  return router;
}
