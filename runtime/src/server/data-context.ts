import type { IncomingMessage } from 'node:http';
import type { DataRequestContext, RolePermissions } from '@relata/core';
import type { Request, Response } from 'express';
import { type RequestDatabase, TimedDatabase } from '../db';
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
    db: requestDatabase(req, services, permissions),
    records: services.records,
    events: services.events,
    notifications: services.notifications,
    hooks: services.hooks,
    messageDomain: services.messageDomain,
    permissions,
    lastEventId: lastEventIdOf(req),
    signal,
  };
}

/**
 * What the reads of `req` run on: the server's pool, or for an API key whose role sets a
 * statement timeout, the pool under that timeout (scripts and integrations are where runaway
 * queries come from; sessions of people keep the server's). Writes go through the record service
 * on the pool and keep the server's timeout.
 */
export function requestDatabase(
  req: IncomingMessage,
  services: RuntimeServices,
  permissions: RolePermissions,
): RequestDatabase {
  const timeout = permissions.statementTimeoutMs;
  return timeout && dataPrincipalOf(req).kind === 'apiKey' ? new TimedDatabase(services.db, timeout) : services.db;
}

/** The `Last-Event-ID` header a reconnecting SSE client sends (validated where a subscription reads it). */
function lastEventIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers['last-event-id'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
