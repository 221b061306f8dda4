import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import { authRoutes } from './auth-routes';
import { crossOrigin, crossOriginPolicy } from './cross-origin';
import { createDataEndpoint } from './data-endpoint';
import { exportHandler } from './export-route';
import { withFastQueries } from './fast-query';
import { formRoutes } from './form-route';
import { importRoutes } from './import-route';
import { inboundEmailRoutes } from './inbound-email-route';
import { inboundSmsRoutes } from './inbound-sms-route';
import { createMetadataEndpoint } from './metadata-endpoint';
import { pluginUploadRoutes } from './plugin-upload-route';
import { portalApiRoutes } from './portal-api-routes';
import { portalAuthRoutes } from './portal-routes';
import { AuthAttemptLimiter, ClientRateLimiter } from './rate-limit';
import { requireAuth } from './request-auth';
import { limitBodySize, securityHeaders } from './security-headers';
import type { RuntimeServices } from './services';
import { sessionFromCookie } from './session-cookie';
import { studioRoutes } from './studio-static';
import { workflowWebhookRoutes } from './workflow-webhook-route';
import { requireWorkspace } from './workspace-of-request';

/** The Express app (for settings such as `trust proxy`) and the listener to serve it with. */
export interface HttpApp {
  app: Express;
  /** `app` behind the compiled-read fast path (see `withFastQueries`). */
  listener: RequestListener;
}

/**
 * The HTTP surface: `/auth/*`, `/portal/auth/*`, `/graphql` (data, SSE subscriptions), `/export` (CSV/XLSX),
 * `/metadata` (admins),
 * `/healthz`, and the studio at `/`.
 */
export function createHttpApp(services: RuntimeServices, isReady: () => boolean): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  const graphiql = !services.production;
  const policy = crossOriginPolicy(services.cors);
  app.use(crossOrigin(policy), securityHeaders({ graphiql }));
  const clients = new ClientRateLimiter(services.limits);
  const clientLimit = clients.middleware();
  // Imports carry files: mounted before the general body limit, with their own (import-route.ts).
  app.use('/import', importRoutes(services, clientLimit));
  // Raw emails carry attachments: mounted before the general body limit, with their own.
  app.use('/hooks', inboundEmailRoutes(services));
  // Plugin tarballs: mounted before the general body limit, with their own (plugin-upload-route.ts).
  app.use(pluginUploadRoutes(services, clientLimit));
  // Signed over their raw bytes, so read raw, with a limit of their own.
  app.use('/hooks', inboundSmsRoutes(services));
  app.use(limitBodySize(services.limits.maxBodyBytes));

  app.get('/healthz', (_req, res) => {
    if (isReady()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });
  // One limiter for both: a client IP has one allowance of attempts, members' and portal's together.
  const attempts = new AuthAttemptLimiter(services.limits);
  app.use('/auth', express.json({ limit: '16kb' }), authRoutes(services, attempts));
  app.use('/portal/auth', express.json({ limit: '16kb' }), portalAuthRoutes(services, attempts));
  app.use('/portal/api', express.json({ limit: '64kb' }), portalApiRoutes(services, clients));
  // The studio's HttpOnly session cookie (with its CSRF header, on every method) stands in for a bearer token.
  app.use('/hooks', workflowWebhookRoutes(services));
  app.use('/forms', formRoutes(services));
  app.use(['/graphql', '/metadata', '/export'], sessionFromCookie());

  const data = createDataEndpoint(services);
  app.use(
    data.graphqlEndpoint,
    requireAuth(services, { admin: false, allowGraphiQL: graphiql, portal: true }),
    clientLimit,
    requireWorkspace(services),
    (req, res) => data(req, res, { req, res }),
  );
  app.post(
    '/export',
    requireAuth(services, { admin: false, allowGraphiQL: false }),
    clientLimit,
    requireWorkspace(services),
    express.json({ limit: '256kb' }),
    exportHandler(services),
  );
  const metadata = createMetadataEndpoint(services);
  app.use(
    metadata.graphqlEndpoint,
    requireAuth(services, { admin: true, allowGraphiQL: graphiql }),
    clientLimit,
    (req, res) => metadata(req, res, { req, res }),
  );

  app.use(studioRoutes(services.studioDir));
  return { app, listener: withFastQueries(app, services, { clients, crossOrigin: policy }) };
}
