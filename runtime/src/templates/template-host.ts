import {
  type Actor,
  createWorkflowService,
  createWorkspace,
  installStandardObjects,
  type TemplateHost,
} from '@relata/core';
import type { RuntimeServices } from '../server/services';
import { runtimeTemplateService } from './runtime-templates';

/**
 * What `/metadata`'s template fields need from this node: the templates folder, the install
 * service (plugins through the node's lifecycle) and new workspaces whose admin is the caller.
 */
export function createTemplateHost(services: RuntimeServices): TemplateHost {
  const workflows = createWorkflowService({ db: services.db, stepTypes: services.plugins.stepTypes });
  return {
    root: services.templatesDir,
    service: runtimeTemplateService({
      db: services.db,
      secrets: services.secrets,
      metadata: services.metadata,
      stepTypes: (workspaceId) => workflows.stepTypes(workspaceId),
    }),
    async createWorkspace(input, actor: Actor) {
      const workspace = await createWorkspace(services.db, input);
      await installStandardObjects(services.db, workspace.id);
      // The account that asked administers it: the same membership row `relata user create` adds.
      await services.db.query(
        `insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, 'admin')
         on conflict do nothing`,
        [workspace.id, actor.id],
      );
      services.auth.invalidate();
      return { id: workspace.id, slug: workspace.slug };
    },
  };
}
