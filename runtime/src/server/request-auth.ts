import type { IncomingMessage } from 'node:http';
import { type Actor, forbidden } from '@relata/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DataPrincipal, Principal } from '../auth';
import { sendError } from './errors';
import type { RuntimeServices } from './services';

const principals = new WeakMap<IncomingMessage, DataPrincipal>();

/**
 * The member (user or API key) `requireAuth` attached to the request. A portal user is refused:
 * only the data endpoint admits them, and it reads them through `dataPrincipalOf`.
 */
export function principalOf(req: IncomingMessage): Principal {
  const principal = dataPrincipalOf(req);
  if (principal.kind === 'portal') throw forbidden('Portal users can only use /graphql.');
  return principal;
}

/** The principal `requireAuth` attached to a data request: a member or a portal user. */
export function dataPrincipalOf(req: IncomingMessage): DataPrincipal {
  const principal = principals.get(req);
  if (!principal) throw new Error('requireAuth must run before this handler');
  return principal;
}

/** The principal `requireAuth` attached, or undefined (no token needed, e.g. the GraphiQL page). */
export const findPrincipal = (req: IncomingMessage): DataPrincipal | undefined => principals.get(req);

/** What authenticating a request needs: the token checks, and the workspaces to name a token's own. */
export type AuthServices = Pick<RuntimeServices, 'auth' | 'workspaces'>;

/**
 * A token belongs to one workspace: naming another one in `X-Relata-Workspace` (by slug or id)
 * is refused rather than ignored, so a client never believes it acts on the workspace it named.
 * @throws FORBIDDEN
 */
async function refuseOtherWorkspace(req: IncomingMessage, principal: DataPrincipal, services: AuthServices) {
  const named = req.headers['x-relata-workspace'];
  if (named === undefined || named === principal.workspaceId) return;
  const { workspace } = await services.workspaces.get(principal.workspaceId);
  if (named !== workspace.slug) {
    throw forbidden(`This token belongs to workspace "${workspace.slug}", not "${String(named)}".`);
  }
}

/**
 * Resolves the request's bearer token (a member's, or with `portal` also a portal user's), checks
 * the workspace the request names, and attaches the principal to the request. Every GraphQL
 * endpoint and the compiled-read fast path authenticate through here.
 * @throws UNAUTHENTICATED as `Authenticator.authenticate` does; FORBIDDEN for another workspace
 */
export async function authenticateRequest(
  services: AuthServices,
  req: IncomingMessage,
  options: { portal: boolean },
): Promise<DataPrincipal> {
  const header = req.headers.authorization;
  const { auth } = services;
  const principal = options.portal ? await auth.authenticateData(header) : await auth.authenticate(header);
  await refuseOtherWorkspace(req, principal, services);
  principals.set(req, principal);
  return principal;
}

/**
 * Who data operations act as. A portal user acts as its linked record: `{ "$user": "id" }` in
 * its rights' record conditions (core/src/portal) stands for that record's id.
 */
export function actorOf(principal: DataPrincipal): Actor {
  if (principal.kind === 'portal') return { kind: 'portal', id: principal.recordId, role: principal.role };
  return { kind: principal.kind, id: principal.id, role: principal.role };
}

/** A browser asking for the GraphiQL page (served without a token; its queries still need one). */
export const wantsGraphiQL = (req: IncomingMessage) =>
  req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

export interface RequireAuthOptions {
  /** Members with the admin role only. */
  admin: boolean;
  allowGraphiQL: boolean;
  /** Portal users too (the data endpoint only). @default false */
  portal?: boolean;
}

/** Authenticates the bearer token (and the admin role if asked) before GraphQL sees the request. */
export function requireAuth(services: AuthServices, options: RequireAuthOptions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (options.allowGraphiQL && wantsGraphiQL(req)) return next();
    try {
      const principal = await authenticateRequest(services, req, { portal: options.portal ?? false });
      if (options.admin && principal.role !== 'admin') {
        principals.delete(req);
        throw forbidden(`The metadata API needs the admin role; this token has role "${principal.role}".`);
      }
      next();
    } catch (error) {
      sendError(res, error, 'graphql');
    }
  };
}
