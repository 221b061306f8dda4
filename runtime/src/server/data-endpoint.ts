import { type DataRequestContext, dataValidationRules } from '@relata/core';
import { createYoga, type Plugin } from 'graphql-yoga';
import { dataRequestContext, type ServerContext } from './data-context';
import { useDocumentLimits } from './document-limits';
import { maskError, useErrorCodes } from './errors';
import { useResponseLimit } from './response-limit';
import type { RuntimeServices } from './services';
import { workspaceOfRequest } from './workspace-of-request';

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
    context: ({ req, request }) => dataRequestContext(req, request.signal, services),
    plugins: [
      useDocumentLimits(),
      useDataLimits(),
      useResponseLimit(services.limits.maxResponseBytes),
      useErrorCodes(),
    ],
    maskedErrors: { maskError },
    graphiql: !services.production,
    landingPage: false,
    // yoga's default CORS reflects any Origin with credentials; cross-origin.ts decides instead.
    cors: false,
    // Unexpected errors are logged by maskError; expected ones (bad input) are not worth a log line.
    logging: false,
  });
}
