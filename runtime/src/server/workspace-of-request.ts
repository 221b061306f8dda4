import type { IncomingMessage } from 'node:http';
import { portalPermissions, type RolePermissions } from '@relata/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { WorkspaceState } from '../workspaces';
import { sendError } from './errors';
import { dataPrincipalOf, wantsGraphiQL } from './request-auth';
import type { RuntimeServices } from './services';

/** What one data request runs against; all of it from one snapshot. */
export interface RequestWorkspace extends WorkspaceState {
  permissions: RolePermissions;
  schema: GraphQLSchema;
}

const states = new WeakMap<IncomingMessage, Promise<RequestWorkspace>>();

async function resolve(req: IncomingMessage, services: RuntimeServices): Promise<RequestWorkspace> {
  const principal = dataPrincipalOf(req);
  const state = await services.workspaces.get(principal.workspaceId);
  // A portal user's rights follow from the metadata alone (the portal-visible fields).
  const permissions =
    principal.kind === 'portal'
      ? portalPermissions(state.snapshot, principal.object)
      : await services.permissions.get(state.snapshot, principal.role);
  return { ...state, permissions, schema: await services.schemas.get(state.snapshot, permissions) };
}

/**
 * The token's workspace with the role's rights and schema, fixed once per request so the schema
 * and the context of one request always come from the same snapshot. (A request naming another
 * workspace in `X-Relata-Workspace` was refused by `authenticateRequest` already.)
 */
export function workspaceOfRequest(req: IncomingMessage, services: RuntimeServices): Promise<RequestWorkspace> {
  let state = states.get(req);
  if (!state) {
    state = resolve(req, services);
    states.set(req, state);
  }
  return state;
}

/** Resolves the request's workspace before GraphQL runs, so a refusal is a clean HTTP error. */
export function requireWorkspace(services: RuntimeServices): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (wantsGraphiQL(req)) return next();
    try {
      await workspaceOfRequest(req, services);
      next();
    } catch (error) {
      sendError(res, error, 'graphql');
    }
  };
}
