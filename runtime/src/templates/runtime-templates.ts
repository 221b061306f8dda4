import { fileURLToPath } from 'node:url';
import {
  createMetadataService,
  createPluginLifecycle,
  createTemplateService,
  type MetadataService,
  type SecretStore,
  type TemplateService,
} from '@relata/core';
import type { PgDatabase } from '../db';

/** The repository's plugins/ folder (first-party plugins a template's manifest names by folder). */
export const PLUGINS_DIR = fileURLToPath(new URL('../../../plugins', import.meta.url));

export interface RuntimeTemplateDeps {
  db: PgDatabase;
  secrets: SecretStore;
  /** The node's metadata service (the server's refreshes its caches); default: a plain one. */
  metadata?: MetadataService;
  /** Workflow step types of a workspace (built-ins plus plugin actions); default: the built-ins. */
  stepTypes?: Parameters<typeof createTemplateService>[0]['stepTypes'];
  /** Called after a plugin change (the server reloads the workspace on this node). */
  onPluginChanged?: (workspaceId: string) => Promise<void>;
}

/** The template service as the runtime runs it: plugins from the repository, through the plugin lifecycle. */
export function runtimeTemplateService(deps: RuntimeTemplateDeps): TemplateService {
  const metadata = deps.metadata ?? createMetadataService({ db: deps.db });
  const lifecycle = createPluginLifecycle({
    db: deps.db,
    secrets: deps.secrets,
    metadata,
    onChanged: deps.onPluginChanged,
  });
  return createTemplateService({
    db: deps.db,
    secrets: deps.secrets,
    stepTypes: deps.stepTypes ?? null,
    plugins: { root: PLUGINS_DIR, lifecycle },
  });
}
