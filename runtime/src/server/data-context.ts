import type { IncomingMessage } from 'node:http';
import type { DataRequestContext } from '@relata/core';
import type { Request, Response } from 'express';
import { actorOf, dataPrincipalOf } from './request-auth';
import type { RuntimeServices } from './services';
import { workspaceOfRequest } from './workspace-of-request';

/** What the Express mount hands yoga with every request. */
export interface ServerContext {
  req: Request;
  res: Response;
}

/** The context every data operation of `req` runs with (the normal GraphQL path and the fast path alike). */
export async function dataRequestContext(
  req: IncomingMessage,
  signal: AbortSignal,
  services: RuntimeServices,
): Promise<DataRequestContext> {
  const { workspace, snapshot, permissions } = await workspaceOfRequest(req, services);
  return {
    workspace,
    snapshot,
    actor: actorOf(dataPrincipalOf(req)),
    via: req.headers['x-relata-client'] === 'studio' ? 'studio' : 'api',
    db: services.db,
    records: services.records,
    events: services.events,
    permissions,
    signal,
  };
}
