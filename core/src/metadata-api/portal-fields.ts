import type { CreatedPortalUser, PortalUser, PortalUserAdmin, SentPortalInvite } from '../portal';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

function portalUsers(ctx: MetadataRequestContext): PortalUserAdmin {
  if (ctx.portalUsers) return ctx.portalUsers;
  // A host wiring error, not a client's: reported as an internal error.
  throw new Error('portalUsers is missing from the metadata request context');
}

/** `portalUsers`, `createPortalUser` and `deactivatePortalUser` of `/metadata` (admins only). */
export function addPortalFields(builder: MetadataBuilder) {
  const PortalUserRef = builder.objectRef<PortalUser>('PortalUser').implement({
    description: 'An external person linked to one record, signing in on /portal/auth/sign-in.',
    fields: (t) => ({
      id: t.exposeID('id'),
      email: t.exposeString('email'),
      object: t.exposeString('object', { description: 'Singular API name of the linked record’s object.' }),
      recordId: t.exposeID('recordId'),
      isActive: t.exposeBoolean('isActive'),
      createdAt: t.exposeString('createdAt'),
    }),
  });
  const CreatedPortalUserRef = builder.objectRef<CreatedPortalUser>('CreatedPortalUser').implement({
    fields: (t) => ({
      portalUser: t.field({ type: PortalUserRef, resolve: (c) => c.portalUser }),
      password: t.exposeString('password', {
        nullable: true,
        description: 'The generated password when none was given; shown only this once.',
      }),
    }),
  });
  const CreatePortalUserInput = builder.inputType('CreatePortalUserInput', {
    fields: (t) => ({
      email: t.string({ required: true }),
      password: t.string({ description: 'Left out: a random one is generated and returned once.' }),
      object: t.string({ required: true, description: 'Singular API name, e.g. person.' }),
      recordId: t.id({ required: true, description: 'The record of `object` the user is linked to.' }),
    }),
  });
  const SentPortalInviteRef = builder.objectRef<SentPortalInvite>('SentPortalInvite').implement({
    fields: (t) => ({
      portalUser: t.field({ type: PortalUserRef, resolve: (s) => s.portalUser }),
      expiresAt: t.exposeString('expiresAt'),
      mailed: t.exposeBoolean('mailed', { description: 'Whether the invite mail went out.' }),
      link: t.exposeString('link', {
        nullable: true,
        description: 'The one-time link when no mail transport is configured (pass it on by other means).',
      }),
    }),
  });
  builder.queryFields((t) => ({
    portalUsers: t.field({
      type: [PortalUserRef],
      resolve: (_root, _args, ctx) => portalUsers(ctx).list(ctx.workspaceId),
    }),
  }));
  builder.mutationFields((t) => ({
    createPortalUser: t.field({
      type: CreatedPortalUserRef,
      args: { input: t.arg({ type: CreatePortalUserInput, required: true }) },
      resolve: (_root, args, ctx) =>
        portalUsers(ctx).create(ctx.workspaceId, { ...args.input, recordId: String(args.input.recordId) }),
    }),
    invitePortalUser: t.field({
      type: SentPortalInviteRef,
      description:
        'Creates the portal account of a record of the portal’s contact object (or reuses its own) and mails it a one-time link to set a password.',
      args: { email: t.arg.string({ required: true }), recordId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) =>
        portalUsers(ctx).invite(ctx.workspaceId, { email: args.email, recordId: String(args.recordId) }),
    }),
    deactivatePortalUser: t.field({
      type: PortalUserRef,
      description: 'Deactivates the portal user and ends its sessions at once.',
      args: { email: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => portalUsers(ctx).deactivate(ctx.workspaceId, args.email),
    }),
  }));
}
