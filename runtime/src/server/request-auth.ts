import type { IncomingMessage } from 'node:http';
import { forbidden } from '@relata/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authenticator, Principal } from '../auth';
import { sendError } from './errors';

const principals = new WeakMap<IncomingMessage, Principal>();

/** The principal `requireAuth` attached to the request. */
export function principalOf(req: IncomingMessage): Principal {
  const principal = principals.get(req);
  if (!principal) throw new Error('requireAuth must run before this handler');
  return principal;
}

/** The principal `requireAuth` attached, or undefined (no token needed, e.g. the GraphiQL page). */
export const findPrincipal = (req: IncomingMessage): Principal | undefined => principals.get(req);

/**
 * Resolves the request's bearer token and attaches its principal to the request.
 * @throws UNAUTHENTICATED as `Authenticator.authenticate` does
 */
export async function authenticateRequest(auth: Authenticator, req: IncomingMessage): Promise<Principal> {
  const principal = await auth.authenticate(req.headers.authorization);
  principals.set(req, principal);
  return principal;
}

/** A browser asking for the GraphiQL page (served without a token; its queries still need one). */
export const wantsGraphiQL = (req: Request) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

/** Authenticates the bearer token (and the admin role if asked) before GraphQL sees the request. */
export function requireAuth(auth: Authenticator, options: { admin: boolean; allowGraphiQL: boolean }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (options.allowGraphiQL && wantsGraphiQL(req)) return next();
    try {
      const principal = await authenticateRequest(auth, req);
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
