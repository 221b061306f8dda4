export { ACTIVITY_TARGETS_TABLE, activityTargetsTableSql } from './activity-targets-table';
export { freshRowKey, type KeyedEntity } from './row-key';
export type { SetupChecklist } from './setup-checklist';
export { readSetupChecklist } from './setup-checklist';
export { loadSnapshot } from './snapshot-loader';
export { clearTemplateChoice, isTemplateChoicePending, markTemplateChoicePending } from './template-choice';
export type { DateFormat, WorkspaceSettings, WorkspaceSettingsInput } from './workspace-settings';
export {
  DATE_FORMATS,
  MAX_LOGO_BYTES,
  readWorkspaceSettings,
  updateWorkspaceSettings,
  workspaceSettingsChanges,
} from './workspace-settings';
export type { Workspace } from './workspace-store';
export {
  bumpMetadataVersion,
  createWorkspace,
  findWorkspace,
  getWorkspace,
  listWorkspaces,
  removeWorkspace,
} from './workspace-store';
