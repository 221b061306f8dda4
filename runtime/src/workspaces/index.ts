export { withRoleRefresh, withWorkspaceRefresh } from './metadata-refresh';
export type { NotifyListener } from './notify-listener';
export { listenForNotifications } from './notify-listener';
export type { WorkspaceState } from './workspace-manager';
export { WorkspaceManager } from './workspace-manager';
