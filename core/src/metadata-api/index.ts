export { buildMetadataSchema } from './metadata-schema';
export type { MetadataRequestContext } from './request-context';
export type {
  ApiKeyView,
  MemberInfo,
  PendingInvite,
  SentInvite as SentMemberInvite,
  WorkspaceAdmin,
} from './workspace-admin-fields';
