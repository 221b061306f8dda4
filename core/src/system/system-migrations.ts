import { BundleApplyProgress } from './migrations/bundle-apply-progress';
import { BundleKeys } from './migrations/bundle-keys';
import { Dashboards } from './migrations/dashboards';
import { DropOutbox } from './migrations/drop-outbox';
import { HistoryOfLiveFields } from './migrations/history-of-live-fields';
import { ImportUploads } from './migrations/import-uploads';
import { InboundEmail } from './migrations/inbound-email';
import { InboundSms } from './migrations/inbound-sms';
import { InitialSystemSchema } from './migrations/initial-system-schema';
import { ObjectIndexes } from './migrations/object-indexes';
import { OneTimeAuthTokens } from './migrations/one-time-auth-tokens';
import { OutboundWebhooks } from './migrations/outbound-webhooks';
import { OwnerIndexes } from './migrations/owner-indexes';
import { PluginCallsUnknownInstallation } from './migrations/plugin-calls-unknown-installation';
import { PluginInstallations } from './migrations/plugin-installations';
import { PluginQuotaWindows } from './migrations/plugin-quota-windows';
import { PortalSettings } from './migrations/portal-settings';
import { PortalUsers } from './migrations/portal-users';
import { ProgressOwners } from './migrations/progress-owners';
import { PublicForms } from './migrations/public-forms';
import { RecordEventLog } from './migrations/record-event-log';
import { RoleStatementTimeouts } from './migrations/role-statement-timeouts';
import { RolesAndPermissions } from './migrations/roles-and-permissions';
import { SavedViews } from './migrations/saved-views';
import { ScoringModels } from './migrations/scoring-models';
import { Segments } from './migrations/segments';
import { ShownChangeColumns } from './migrations/shown-change-columns';
import { StableKeys } from './migrations/stable-keys';
import { StandardObjectsVersion } from './migrations/standard-objects-version';
import { TemplateChoice } from './migrations/template-choice';
import { TemplateInstallNewWorkspace } from './migrations/template-install-new-workspace';
import { WorkerHeartbeats } from './migrations/worker-heartbeats';
import { WorkflowRunRetention } from './migrations/workflow-run-retention';
import { WorkflowStepKinds } from './migrations/workflow-step-kinds';
import { WorkflowTriggers } from './migrations/workflow-triggers';
import { WorkflowRuns, Workflows } from './migrations/workflows';
import { WorkspaceLogCascade } from './migrations/workspace-log-cascade';
import { WorkspaceSecrets } from './migrations/workspace-secrets';
import { WorkspaceSettings } from './migrations/workspace-settings';
import { WorkspaceTemplates } from './migrations/workspace-templates';

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
  { name: 'WorkflowTriggers', class: WorkflowTriggers },
  { name: 'OutboundWebhooks', class: OutboundWebhooks },
  { name: 'PublicForms', class: PublicForms },
  { name: 'Segments', class: Segments },
  { name: 'Dashboards', class: Dashboards },
  { name: 'WorkspaceSettings', class: WorkspaceSettings },
  { name: 'StableKeys', class: StableKeys },
  { name: 'InboundEmail', class: InboundEmail },
  { name: 'BundleKeys', class: BundleKeys },
  { name: 'PortalSettings', class: PortalSettings },
  { name: 'ScoringModels', class: ScoringModels },
  { name: 'WorkflowRunRetention', class: WorkflowRunRetention },
  { name: 'WorkspaceTemplates', class: WorkspaceTemplates },
  { name: 'TemplateChoice', class: TemplateChoice },
  { name: 'TemplateInstallNewWorkspace', class: TemplateInstallNewWorkspace },
  { name: 'BundleApplyProgress', class: BundleApplyProgress },
  { name: 'PluginQuotaWindows', class: PluginQuotaWindows },
  { name: 'RecordEventLog', class: RecordEventLog },
  { name: 'InboundSms', class: InboundSms },
  { name: 'WorkspaceLogCascade', class: WorkspaceLogCascade },
  { name: 'ImportUploads', class: ImportUploads },
  { name: 'PluginCallsUnknownInstallation', class: PluginCallsUnknownInstallation },
  { name: 'ProgressOwners', class: ProgressOwners },
];
