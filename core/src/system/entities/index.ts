import { ApiKey } from './api-key';
import { AuthToken } from './auth-token';
import { Dashboard } from './dashboard';
import { Form, type FormFieldSetting } from './form';
import { ImportUpload } from './import-upload';
import { InboundEmailSettings, InboundEmailSignature } from './inbound-email';
import { InboundSmsSettings, InboundSmsSignature } from './inbound-sms';
import { Notification } from './notification';
import { PluginCall, PluginInstallation, PluginUpload } from './plugin-installation';
import { PortalSetting, type StoredPortalObject } from './portal-setting';
import { PortalUser } from './portal-user';
import { ScoringModel } from './scoring-model';
import { Secret } from './secret';
import { Segment } from './segment';
import { PortalSession, Session } from './session';
import { User } from './user';
import { WebhookSignature } from './webhook-signature';
import { WebhookDelivery, WebhookSubscription } from './webhook-subscription';
import { Workflow, WorkflowVersion } from './workflow';
import { WorkflowRoundRobin, WorkflowRun, WorkflowStepRun } from './workflow-run';
import { Workspace } from './workspace';
import { WorkspaceMember } from './workspace-member';

export {
  ApiKey,
  AuthToken,
  Dashboard,
  Form,
  type FormFieldSetting,
  ImportUpload,
  InboundEmailSettings,
  InboundEmailSignature,
  InboundSmsSettings,
  InboundSmsSignature,
  Notification,
  PluginCall,
  PluginInstallation,
  PluginUpload,
  PortalSession,
  PortalSetting,
  PortalUser,
  ScoringModel,
  Secret,
  Segment,
  Session,
  type StoredPortalObject,
  User,
  WebhookDelivery,
  WebhookSignature,
  WebhookSubscription,
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
  PluginUpload,
  Workflow,
  WorkflowVersion,
  WorkflowRun,
  WorkflowStepRun,
  WebhookSubscription,
  WebhookDelivery,
  Form,
  WebhookSignature,
  WorkflowRoundRobin,
  Notification,
  Segment,
  Dashboard,
  InboundEmailSettings,
  InboundEmailSignature,
  PortalSetting,
  ScoringModel,
  InboundSmsSettings,
  InboundSmsSignature,
  ImportUpload,
];
