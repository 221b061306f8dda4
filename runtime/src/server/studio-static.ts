import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, Router } from 'express';

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Relata</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Relata is running</h1>
<p>The studio has not been built. Run <code>npm run quickstart</code> (or <code>pnpm --filter @relata/studio build</code>) and restart.</p>
<p>The APIs are live: <code>POST /auth/sign-in</code>, <code>POST /graphql</code>, <code>POST /metadata</code>, <code>GET /healthz</code>.</p>
</body></html>`;

/**
 * Serves the built studio with a fallback to `index.html` for client-side routes, and the customer
 * portal (the build's second entry, `portal.html`) for every page under `/portal/` but its APIs.
 */
export function studioRoutes(studioDir: string): Router {
  const router = Router();
  const index = join(studioDir, 'index.html');
  const portal = join(studioDir, 'portal.html');
  if (!existsSync(index)) {
    router.get('/', (_req: Request, res: Response) => {
      res.type('html').send(PLACEHOLDER);
    });
    return router;
  }
  router.use(express.static(studioDir, { index: false, maxAge: '1h' }));
  router.get(/^\/portal(\/(?!auth\/|api\/).*)?$/, (_req: Request, res: Response) => {
    res.sendFile(portal);
  });
  router.get(/^\/(?!graphql|metadata|auth|healthz).*/, (_req: Request, res: Response) => {
    res.sendFile(index);
  });
  return router;
}
