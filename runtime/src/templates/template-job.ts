import { createWorkflowService, runTemplateInstallJob, type SecretStore } from '@relata/core';
import type { PgDatabase } from '../db';
import type { PluginHost } from '../plugins';
import { runtimeTemplateService } from './runtime-templates';

/** The worker's runner of background template installs (payload, whether this is the job's last attempt). */
export function templateInstallRunner(deps: {
  db: PgDatabase;
  secrets: SecretStore;
  root: string;
  plugins?: PluginHost;
}): (payload: unknown, lastAttempt: boolean) => Promise<void> {
  const workflows = createWorkflowService({ db: deps.db, stepTypes: deps.plugins?.stepTypes });
  const templates = runtimeTemplateService({
    db: deps.db,
    secrets: deps.secrets,
    stepTypes: (workspaceId) => workflows.stepTypes(workspaceId),
  });
  return (payload, lastAttempt) =>
    runTemplateInstallJob({ db: deps.db, templates, root: deps.root }, payload, lastAttempt);
}
