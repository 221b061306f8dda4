export { ACTIVITY_TARGETS_TABLE, activityTargetsTableSql } from './activity-targets-table';
export { loadSnapshot } from './snapshot-loader';
export type { Workspace } from './workspace-store';
export {
  bumpMetadataVersion,
  createWorkspace,
  findWorkspace,
  getWorkspace,
  listWorkspaces,
} from './workspace-store';
