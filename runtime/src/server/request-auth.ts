import type { IncomingMessage } from 'node:http';
import { type Actor, forbidden } from '@relata/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authenticator, DataPrincipal, Principal } from '../auth';
import { sendError } from './errors';

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

/**
 * Resolves the request's bearer token (a member's, or with `portal` also a portal user's) and
 * attaches its principal to the request.
 * @throws UNAUTHENTICATED as `Authenticator.authenticate` does
 */
export async function authenticateRequest(
  auth: Authenticator,
  req: IncomingMessage,
  options: { portal: boolean },
): Promise<DataPrincipal> {
  const header = req.headers.authorization;
  const principal = options.portal ? await auth.authenticateData(header) : await auth.authenticate(header);
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
export const wantsGraphiQL = (req: Request) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

export interface RequireAuthOptions {
  /** Members with the admin role only. */
  admin: boolean;
  allowGraphiQL: boolean;
  /** Portal users too (the data endpoint only). @default false */
  portal?: boolean;
}

/** Authenticates the bearer token (and the admin role if asked) before GraphQL sees the request. */
export function requireAuth(auth: Authenticator, options: RequireAuthOptions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (options.allowGraphiQL && wantsGraphiQL(req)) return next();
    try {
      const principal = await authenticateRequest(auth, req, { portal: options.portal ?? false });
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
