import { ApiKey } from './api-key';
import { AuthToken } from './auth-token';
import { Notification } from './notification';
import { PluginCall, PluginInstallation } from './plugin-installation';
import { PortalUser } from './portal-user';
import { Secret } from './secret';
import { PortalSession, Session } from './session';
import { User } from './user';
import { Workflow, WorkflowVersion } from './workflow';
import { WorkflowRoundRobin, WorkflowRun, WorkflowStepRun } from './workflow-run';
import { Workspace } from './workspace';
import { WorkspaceMember } from './workspace-member';

export {
  ApiKey,
  AuthToken,
  Notification,
  PluginCall,
  PluginInstallation,
  PortalSession,
  PortalUser,
  Secret,
  Session,
  User,
  Workflow,
  WorkflowRoundRobin,
  WorkflowRun,
  WorkflowStepRun,
  WorkflowVersion,
  Workspace,
  WorkspaceMember,
};

/** Every system table MikroORM maps; the rest of `relata` is still reached through SQL. */
export const systemEntities = [
  Workspace,
  User,
  WorkspaceMember,
  Session,
  ApiKey,
  AuthToken,
  PortalUser,
  PortalSession,
  Secret,
  PluginInstallation,
  PluginCall,
  Workflow,
  WorkflowVersion,
  WorkflowRun,
  WorkflowStepRun,
  WorkflowRoundRobin,
  Notification,
];
