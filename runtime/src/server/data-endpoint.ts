import { type DataRequestContext, dataValidationRules } from '@relata/core';
import type { Request, Response } from 'express';
import { createYoga, type Plugin } from 'graphql-yoga';
import { maskError, useErrorCodes } from './errors';
import { principalOf } from './request-auth';
import type { RuntimeServices } from './services';
import { workspaceOfRequest } from './workspace-of-request';

interface ServerContext {
  req: Request;
  res: Response;
}

/** Adds the data API's limits (depth, aliases, cost; costed with the request's variables) to validation. */
const useDataLimits = (): Plugin => ({
  onValidate({ addValidationRule, context }) {
    // yoga's initial context carries the parsed request (`params`: query, variables, operationName).
    const variables = (context as { params?: { variables?: Record<string, unknown> } }).params?.variables ?? {};
    for (const rule of dataValidationRules({}, variables)) addValidationRule(rule);
  },
});

/**
 * `/graphql`: the workspace's data API. The schema is chosen per request from the workspace
 * manager (cached by workspace and metadata version); subscriptions use yoga's SSE transport.
 */
export function createDataEndpoint(services: RuntimeServices) {
  return createYoga<ServerContext, DataRequestContext>({
    graphqlEndpoint: '/graphql',
    schema: async ({ req }) => (await workspaceOfRequest(req, services)).schema,
    context: async ({ req, request }): Promise<DataRequestContext> => {
      const { workspace, snapshot, permissions } = await workspaceOfRequest(req, services);
      const principal = principalOf(req);
      return {
        workspace,
        snapshot,
        actor: { kind: principal.kind, id: principal.id, role: principal.role },
        via: req.headers['x-relata-client'] === 'studio' ? 'studio' : 'api',
        db: services.db,
        records: services.records,
        events: services.events,
        permissions,
        signal: request.signal,
      };
    },
    plugins: [useDataLimits(), useErrorCodes()],
    maskedErrors: { maskError },
    graphiql: !services.production,
    landingPage: false,
    // Unexpected errors are logged by maskError; expected ones (bad input) are not worth a log line.
    logging: false,
  });
}
