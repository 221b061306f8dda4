import { randomBytes } from 'node:crypto';
import {
  INBOUND_EMAIL_SECRET_NAME,
  type InboundEmailSettings,
  inboundEmailPath,
  readInboundEmailSettings,
  UNKNOWN_SENDER_RULES,
  updateInboundEmailSettings,
} from '../messages';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';
import { secretStore } from './secret-fields';

interface InboundEmailEndpoint extends InboundEmailSettings {
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
}

async function endpoint(ctx: MetadataRequestContext, settings?: InboundEmailSettings): Promise<InboundEmailEndpoint> {
  const names = await secretStore(ctx).list(ctx.workspaceId);
  return {
    ...(settings ?? (await readInboundEmailSettings(ctx.db, ctx.workspaceId))),
    path: inboundEmailPath(ctx.workspaceId),
    hasSecret: names.some((s) => s.name === INBOUND_EMAIL_SECRET_NAME),
    signatureHeader: SIGNATURE_HEADER,
    timestampHeader: TIMESTAMP_HEADER,
  };
}

/**
 * The workspace's inbound-email webhook on `/metadata` (admins only): `inboundEmail` (address,
 * contact matching), `updateInboundEmail` and `rotateInboundEmailSecret` (the secret is shown once).
 */
export function addInboundEmailFields(builder: MetadataBuilder) {
  const UnknownSender = builder.enumType('UnknownSenderRule', {
    values: UNKNOWN_SENDER_RULES,
    description: 'What an email from an address no contact has gets: a new contact, or no link (the inbox).',
  });
  const EndpointRef = builder.objectRef<InboundEmailEndpoint>('InboundEmail').implement({
    description:
      'Where mail relays POST raw emails (Content-Type: message/rfc822), signed with the secret, and how senders are matched to contacts.',
    fields: (t) => ({
      path: t.exposeString('path'),
      hasSecret: t.exposeBoolean('hasSecret', { description: 'False until a secret is made: requests are refused.' }),
      signatureHeader: t.exposeString('signatureHeader', {
        description: 'Header of `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.',
      }),
      timestampHeader: t.exposeString('timestampHeader', { description: 'Header of the signing time, Unix seconds.' }),
      contactObjectId: t.exposeID('contactObjectId', { nullable: true, description: 'Object senders are matched to.' }),
      emailFieldId: t.exposeID('emailFieldId', { nullable: true, description: "That object's address field." }),
      unknownSender: t.field({ type: UnknownSender, resolve: (s) => s.unknownSender }),
    }),
  });
  const SecretRef = builder.objectRef<InboundEmailEndpoint & { secret: string }>('InboundEmailSecret').implement({
    fields: (t) => ({
      inboundEmail: t.field({ type: EndpointRef, resolve: (s) => s }),
      secret: t.exposeString('secret', { description: 'Shown once; store it with the mail relay.' }),
    }),
  });
  const Input = builder.inputType('InboundEmailInput', {
    description: 'Only the given settings change; a null contact object clears the matching.',
    fields: (t) => ({
      contactObjectId: t.id(),
      emailFieldId: t.id(),
      unknownSender: t.field({ type: UnknownSender }),
    }),
  });
  builder.queryFields((t) => ({
    inboundEmail: t.field({ type: EndpointRef, resolve: (_root, _args, ctx) => endpoint(ctx) }),
  }));
  builder.mutationFields((t) => ({
    updateInboundEmail: t.field({
      type: EndpointRef,
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, args, ctx) => {
        const input = Object.fromEntries(
          Object.entries(args.input)
            .filter(([key, value]) => value !== undefined && (value !== null || key !== 'unknownSender'))
            .map(([key, value]) => [key, value === null ? null : String(value)]),
        );
        const settings = await updateInboundEmailSettings(ctx.db, await loadSnapshot(ctx.db, ctx.workspaceId), input);
        return endpoint(ctx, settings);
      },
    }),
    rotateInboundEmailSecret: t.field({
      type: SecretRef,
      description: 'Makes a new secret for the inbound-email webhook; the previous one stops working.',
      resolve: async (_root, _args, ctx) => {
        const secret = `whsec_${randomBytes(32).toString('base64url')}`;
        await secretStore(ctx).set(ctx.workspaceId, INBOUND_EMAIL_SECRET_NAME, secret, ctx.actor);
        return { ...(await endpoint(ctx)), secret };
      },
    }),
  }));
  // The inbound-SMS fields take the same rule.
  return { UnknownSender };
}
