import { buildMetadataSchema, createWorkflowService, type MetadataRequestContext } from '@relata/core';
import type { Request, Response } from 'express';
import { createYoga } from 'graphql-yoga';
import { createWorkspaceAdmin } from '../auth';
import { createPortalUserAdmin } from '../portal';
import { createTemplateHost } from '../templates';
import { useDocumentLimits } from './document-limits';
import { maskError, useErrorCodes } from './errors';
import { useMetadataCatchUp } from './metadata-catch-up';
import { principalOf } from './request-auth';
import type { RuntimeServices } from './services';

interface ServerContext {
  req: Request;
  res: Response;
}

/** `/metadata`: a workspace's configuration, for admins (checked before this runs). */
export function createMetadataEndpoint(services: RuntimeServices) {
  const portalUsers = createPortalUserAdmin(services.db, () => services.auth.invalidate(), {
    mailer: services.mailer,
    links: services.links,
  });
  const workspaceAdmin = createWorkspaceAdmin(services.db, services.mailer, services.links, () =>
    services.auth.invalidate(),
  );
  // Plugins' actions are step types of the workspaces that enabled them.
  const workflows = createWorkflowService({ db: services.db, stepTypes: services.plugins.stepTypes });
  const templates = createTemplateHost(services);
  return createYoga<ServerContext, MetadataRequestContext>({
    graphqlEndpoint: '/metadata',
    schema: buildMetadataSchema(),
    context: ({ req }): MetadataRequestContext => {
      const principal = principalOf(req);
      return {
        db: services.db,
        workspaceId: principal.workspaceId,
        actor: { kind: principal.kind, id: principal.id, role: principal.role },
        metadata: services.metadata,
        roles: services.roles,
        secrets: services.secrets,
        plugins: services.plugins.lifecycle,
        workflows,
        portalUsers,
        workspaceAdmin,
        mail: services.mailer,
        templates,
      };
    },
    plugins: [useDocumentLimits(), useErrorCodes(), useMetadataCatchUp(services.workspaces)],
    maskedErrors: { maskError },
    graphiql: !services.production,
    landingPage: false,
    // yoga's default CORS reflects any Origin with credentials; cross-origin.ts decides instead.
    cors: false,
    // Unexpected errors are logged by maskError; expected ones (bad input) are not worth a log line.
    logging: false,
  });
}
