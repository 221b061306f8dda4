import { DropOutbox } from './migrations/drop-outbox';
import { HistoryOfLiveFields } from './migrations/history-of-live-fields';
import { InitialSystemSchema } from './migrations/initial-system-schema';
import { ObjectIndexes } from './migrations/object-indexes';
import { OneTimeAuthTokens } from './migrations/one-time-auth-tokens';
import { OwnerIndexes } from './migrations/owner-indexes';
import { PluginInstallations } from './migrations/plugin-installations';
import { PortalUsers } from './migrations/portal-users';
import { RoleStatementTimeouts } from './migrations/role-statement-timeouts';
import { RolesAndPermissions } from './migrations/roles-and-permissions';
import { SavedViews } from './migrations/saved-views';
import { ShownChangeColumns } from './migrations/shown-change-columns';
import { StandardObjectsVersion } from './migrations/standard-objects-version';
import { WorkerHeartbeats } from './migrations/worker-heartbeats';
import { WorkflowStepKinds } from './migrations/workflow-step-kinds';
import { WorkflowRuns, Workflows } from './migrations/workflows';
import { WorkspaceSecrets } from './migrations/workspace-secrets';

/**
 * Ordered list of system migrations, given to MikroORM's Migrator as `migrationsList`
 * so no file discovery (and no build step) is needed.
 */
export const systemMigrations = [
  { name: 'InitialSystemSchema', class: InitialSystemSchema },
  { name: 'RolesAndPermissions', class: RolesAndPermissions },
  { name: 'OneTimeAuthTokens', class: OneTimeAuthTokens },
  { name: 'SavedViews', class: SavedViews },
  { name: 'PortalUsers', class: PortalUsers },
  { name: 'WorkspaceSecrets', class: WorkspaceSecrets },
  { name: 'OwnerIndexes', class: OwnerIndexes },
  { name: 'HistoryOfLiveFields', class: HistoryOfLiveFields },
  { name: 'DropOutbox', class: DropOutbox },
  { name: 'WorkerHeartbeats', class: WorkerHeartbeats },
  { name: 'RoleStatementTimeouts', class: RoleStatementTimeouts },
  { name: 'ShownChangeColumns', class: ShownChangeColumns },
  { name: 'StandardObjectsVersion', class: StandardObjectsVersion },
  { name: 'Workflows', class: Workflows },
  { name: 'ObjectIndexes', class: ObjectIndexes },
  { name: 'PluginInstallations', class: PluginInstallations },
  { name: 'WorkflowRuns', class: WorkflowRuns },
  { name: 'WorkflowStepKinds', class: WorkflowStepKinds },
];
