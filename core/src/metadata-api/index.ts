export { buildMetadataSchema } from './metadata-schema';
export type { MetadataRequestContext } from './request-context';
export type { TemplateHost } from './template-fields';
export type {
  ApiKeyView,
  MemberInfo,
  PendingInvite,
  SentInvite as SentMemberInvite,
  WorkspaceAdmin,
} from './workspace-admin-fields';
