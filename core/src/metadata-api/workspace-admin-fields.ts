import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

/** A member of the workspace as its admins manage it. */
export interface MemberInfo {
  id: string;
  email: string;
  name: string;
  role: string;
  /** False once deactivated: sign-in is refused and sessions are ended. */
  active: boolean;
  /** Newest sign-in to this workspace; null when never. */
  lastSignInAt: string | null;
}

export interface PendingInvite {
  email: string;
  role: string;
  expiresAt: string;
}

export interface SentInvite {
  email: string;
  expiresAt: string;
  mailed: boolean;
  /** The link, when no mail could be sent (no SMTP server configured), to hand over by other means. */
  link: string | null;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/**
 * What an admin does with a workspace's people and keys; the runtime provides it (it owns accounts,
 * sessions, invites, mail and key hashing), so `/metadata` and the CLI share one implementation.
 */
export interface WorkspaceAdmin {
  members(workspaceId: string): Promise<MemberInfo[]>;
  invites(workspaceId: string): Promise<PendingInvite[]>;
  /** Invites (or invites again: earlier links of that email stop working). */
  invite(workspaceId: string, input: { email: string; role: string }): Promise<SentInvite>;
  setRole(workspaceId: string, input: { email: string; role: string; actorId: string | null }): Promise<MemberInfo>;
  deactivate(workspaceId: string, input: { email: string; actorId: string | null }): Promise<MemberInfo>;
  apiKeys(workspaceId: string): Promise<ApiKeyView[]>;
  createApiKey(
    workspaceId: string,
    input: { name: string; role: string; expiresInDays?: number | null },
  ): Promise<{ apiKey: ApiKeyView; key: string }>;
  revokeApiKey(workspaceId: string, id: string): Promise<ApiKeyView>;
}

function admin(ctx: MetadataRequestContext): WorkspaceAdmin {
  if (ctx.workspaceAdmin) return ctx.workspaceAdmin;
  // A host wiring error, not a client's: reported as an internal error.
  throw new Error('workspaceAdmin is missing from the metadata request context');
}

/** Members, invites and API keys of `/metadata` (admins only): everything the CLI does for a workspace. */
export function addWorkspaceAdminFields(builder: MetadataBuilder) {
  const MemberRef = builder.objectRef<MemberInfo>('WorkspaceMember').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      email: t.exposeString('email'),
      name: t.exposeString('name'),
      role: t.exposeString('role'),
      active: t.exposeBoolean('active'),
      lastSignInAt: t.exposeString('lastSignInAt', { nullable: true }),
    }),
  });
  const InviteRef = builder.objectRef<PendingInvite>('PendingInvite').implement({
    fields: (t) => ({
      email: t.exposeString('email'),
      role: t.exposeString('role'),
      expiresAt: t.exposeString('expiresAt'),
    }),
  });
  const SentRef = builder.objectRef<SentInvite>('SentInvite').implement({
    fields: (t) => ({
      email: t.exposeString('email'),
      expiresAt: t.exposeString('expiresAt'),
      mailed: t.exposeBoolean('mailed'),
      link: t.exposeString('link', { nullable: true, description: 'Set only when no mail could be sent.' }),
    }),
  });
  const KeyRef = builder.objectRef<ApiKeyView>('ApiKey').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      role: t.exposeString('role'),
      prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
      createdAt: t.exposeString('createdAt'),
      expiresAt: t.exposeString('expiresAt', { nullable: true }),
      revokedAt: t.exposeString('revokedAt', { nullable: true }),
      lastUsedAt: t.exposeString('lastUsedAt', { nullable: true }),
    }),
  });
  const CreatedKeyRef = builder.objectRef<{ apiKey: ApiKeyView; key: string }>('CreatedApiKey').implement({
    fields: (t) => ({
      apiKey: t.field({ type: KeyRef, resolve: (c) => c.apiKey }),
      key: t.exposeString('key', { description: 'The key itself: shown only this once, never stored.' }),
    }),
  });
  builder.queryFields((t) => ({
    members: t.field({ type: [MemberRef], resolve: (_r, _a, ctx) => admin(ctx).members(ctx.workspaceId) }),
    invites: t.field({
      type: [InviteRef],
      description: 'Invites not accepted yet and not expired.',
      resolve: (_r, _a, ctx) => admin(ctx).invites(ctx.workspaceId),
    }),
    apiKeys: t.field({
      type: [KeyRef],
      description: 'Newest first, revoked ones included; never the key itself.',
      resolve: (_r, _a, ctx) => admin(ctx).apiKeys(ctx.workspaceId),
    }),
  }));
  builder.mutationFields((t) => ({
    inviteMember: t.field({
      type: SentRef,
      description: 'Mails a single-use link valid 7 days; inviting again replaces the earlier link.',
      args: { email: t.arg.string({ required: true }), role: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => admin(ctx).invite(ctx.workspaceId, args),
    }),
    setMemberRole: t.field({
      type: MemberRef,
      description: 'Their sessions in this workspace end, so no token keeps the old role.',
      args: { email: t.arg.string({ required: true }), role: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => admin(ctx).setRole(ctx.workspaceId, { ...args, actorId: ctx.actor.id }),
    }),
    deactivateMember: t.field({
      type: MemberRef,
      description: 'Ends their sessions and refuses their sign-in from now on.',
      args: { email: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => admin(ctx).deactivate(ctx.workspaceId, { ...args, actorId: ctx.actor.id }),
    }),
    createApiKey: t.field({
      type: CreatedKeyRef,
      args: {
        name: t.arg.string({ required: true }),
        role: t.arg.string({ required: true }),
        expiresInDays: t.arg.int({ description: 'Left out: the key does not expire.' }),
      },
      resolve: (_r, args, ctx) => admin(ctx).createApiKey(ctx.workspaceId, args),
    }),
    revokeApiKey: t.field({
      type: KeyRef,
      description: 'Refused at once on every node.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => admin(ctx).revokeApiKey(ctx.workspaceId, String(args.id)),
    }),
  }));
}
