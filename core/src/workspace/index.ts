export { loadSnapshot } from './snapshot-loader';
export type { Workspace } from './workspace-store';
export {
  bumpMetadataVersion,
  createWorkspace,
  findWorkspace,
  getWorkspace,
  listWorkspaces,
} from './workspace-store';
