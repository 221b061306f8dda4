import {
  createPortalSettingsStore,
  ErrorCode,
  findWorkspace,
  isRelataError,
  loadSnapshot,
  RelataError,
  readWorkspaceSettings,
} from '@relata/core';
import { type Request, type Response, Router } from 'express';
import {
  getPortalCase,
  listPortalCases,
  openPortalCase,
  openPortalView,
  type PortalView,
  portalConversation,
  replyToCase,
  shownByName,
} from '../portal';
import { sendError } from './errors';
import type { ClientRateLimiter } from './rate-limit';
import { authenticateRequest } from './request-auth';
import type { RuntimeServices } from './services';

/** A JSON handler whose NOT_FOUND is an HTTP 404 (the portal app shows its not-found page on it). */
const route = (handler: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
  try {
    res.json(await handler(req, res));
  } catch (error) {
    sendError(res, error, 'rest', isRelataError(error) && error.code === ErrorCode.NOT_FOUND ? 404 : undefined);
  }
};

const PORTAL_ONLY = 'Sign in to the portal: this endpoint takes a portal session token only.';

/**
 * The signed-in portal user's view of the portal, metered like their `/graphql` requests. A
 * member's session or API key is refused as no token at all (UNAUTHENTICATED): the portal API is
 * not a member endpoint, and answering FORBIDDEN would confirm the token is valid elsewhere.
 */
async function viewOf(services: RuntimeServices, clients: ClientRateLimiter, req: Request, res: Response) {
  const principal = await authenticateRequest(services, req, { portal: true });
  if (principal.kind !== 'portal') throw new RelataError(ErrorCode.UNAUTHENTICATED, PORTAL_ONLY);
  const leave = await clients.admit(principal);
  res.on('close', leave);
  return openPortalView(services, {
    portalUserId: principal.id,
    workspaceId: principal.workspaceId,
    object: principal.object,
    recordId: principal.recordId,
  });
}

/** What the portal app needs to draw itself: the workspace's name and logo and the shown objects. */
async function portalProfile(services: RuntimeServices, view: PortalView) {
  const { name, logo } = await readWorkspaceSettings(services.db, view.workspace.id);
  return {
    workspace: { slug: view.workspace.slug, name, logo },
    objects: view.objects.map((shown) => ({
      object: shown.object.nameSingular,
      labelSingular: shown.object.labelSingular,
      labelPlural: shown.object.labelPlural,
      titleField: shown.titleField,
      statusField: shown.config.statusField,
      allowCreate: shown.config.allowCreate,
      createFields: shown.config.createFields,
      fields: shown.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        required: f.required,
        options: f.settings.options ?? null,
      })),
    })),
  };
}

/**
 * The customer portal's API (`/portal/api`), for portal session tokens only:
 * `GET /workspaces/:slug` (public: name and logo of a workspace whose portal is on),
 * `GET /me`, `GET /cases`, `GET /cases/:object/:id` (with its conversation),
 * `POST /cases/:object` (a new case) and `POST /cases/:object/:id/replies`.
 * Reads run as `/graphql` queries of the portal user's own schema, so the portal rights are
 * compiled into their SQL; a case that is not the viewer's answers NOT_FOUND like a missing one.
 */
export function portalApiRoutes(services: RuntimeServices, clients: ClientRateLimiter): Router {
  const router = Router();
  const view = (req: Request, res: Response) => viewOf(services, clients, req, res);

  router.get(
    '/workspaces/:slug',
    route(async (req) => {
      const closed = () => new RelataError(ErrorCode.NOT_FOUND, 'There is no customer portal here.');
      const workspace = await findWorkspace(services.db, { slug: String(req.params.slug) });
      if (!workspace) throw closed();
      const settings = await createPortalSettingsStore(services.db).get(await loadSnapshot(services.db, workspace.id));
      if (!settings.enabled) throw closed();
      const { name, logo } = await readWorkspaceSettings(services.db, workspace.id);
      return { slug: workspace.slug, name, logo };
    }),
  );
  router.get(
    '/me',
    route(async (req, res) => portalProfile(services, await view(req, res))),
  );
  router.get(
    '/cases',
    route(async (req, res) => ({ cases: await listPortalCases(await view(req, res)) })),
  );
  router.get(
    '/cases/:object/:id',
    route(async (req, res) => {
      const portal = await view(req, res);
      const shown = shownByName(portal, String(req.params.object));
      const found = await getPortalCase(portal, shown, String(req.params.id));
      return { case: found, messages: await portalConversation(portal, shown, found.id) };
    }),
  );
  router.post(
    '/cases/:object',
    route(async (req, res) => {
      const portal = await view(req, res);
      return { case: await openPortalCase(portal, shownByName(portal, String(req.params.object)), req.body ?? {}) };
    }),
  );
  router.post(
    '/cases/:object/:id/replies',
    route(async (req, res) => {
      const portal = await view(req, res);
      const shown = shownByName(portal, String(req.params.object));
      return { message: await replyToCase(portal, shown, String(req.params.id), req.body ?? {}) };
    }),
  );
  return router;
}
