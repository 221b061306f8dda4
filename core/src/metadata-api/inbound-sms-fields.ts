import { randomBytes } from 'node:crypto';
import {
  INBOUND_SMS_SECRET_NAME,
  type InboundSmsSettings,
  inboundSmsPath,
  readInboundSmsSettings,
  updateInboundSmsSettings,
} from '../messages';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { addInboundEmailFields } from './inbound-email-fields';
import type { MetadataRequestContext } from './request-context';
import { secretStore } from './secret-fields';

interface InboundSmsEndpoint extends InboundSmsSettings {
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
}

async function endpoint(ctx: MetadataRequestContext, settings?: InboundSmsSettings): Promise<InboundSmsEndpoint> {
  const names = await secretStore(ctx).list(ctx.workspaceId);
  return {
    ...(settings ?? (await readInboundSmsSettings(ctx.db, ctx.workspaceId))),
    path: inboundSmsPath(ctx.workspaceId),
    hasSecret: names.some((s) => s.name === INBOUND_SMS_SECRET_NAME),
    signatureHeader: SIGNATURE_HEADER,
    timestampHeader: TIMESTAMP_HEADER,
  };
}

type UnknownSenderRef = ReturnType<typeof addInboundEmailFields>['UnknownSender'];

/**
 * The workspace's inbound-SMS webhook on `/metadata` (admins only), as inbound email's:
 * `inboundSms` (address, number matching), `updateInboundSms` and `rotateInboundSmsSecret` (the
 * secret is shown once).
 */
export function addInboundSmsFields(builder: MetadataBuilder, UnknownSender: UnknownSenderRef) {
  const EndpointRef = builder.objectRef<InboundSmsEndpoint>('InboundSms').implement({
    description:
      'Where the SMS provider POSTs received texts (JSON { id, from, to, body, receivedAt }), signed with the secret, and how numbers are matched to contacts.',
    fields: (t) => ({
      path: t.exposeString('path'),
      hasSecret: t.exposeBoolean('hasSecret', { description: 'False until a secret is made: requests are refused.' }),
      signatureHeader: t.exposeString('signatureHeader', {
        description: 'Header of `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.',
      }),
      timestampHeader: t.exposeString('timestampHeader', { description: 'Header of the signing time, Unix seconds.' }),
      contactObjectId: t.exposeID('contactObjectId', { nullable: true, description: 'Object senders are matched to.' }),
      phoneFieldId: t.exposeID('phoneFieldId', { nullable: true, description: "That object's phone field." }),
      unknownSender: t.field({ type: UnknownSender, resolve: (s) => s.unknownSender }),
    }),
  });
  const SecretRef = builder.objectRef<InboundSmsEndpoint & { secret: string }>('InboundSmsSecret').implement({
    fields: (t) => ({
      inboundSms: t.field({ type: EndpointRef, resolve: (s) => s }),
      secret: t.exposeString('secret', { description: 'Shown once; store it with the SMS provider.' }),
    }),
  });
  const Input = builder.inputType('InboundSmsInput', {
    description: 'Only the given settings change; a null contact object clears the matching.',
    fields: (t) => ({
      contactObjectId: t.id(),
      phoneFieldId: t.id(),
      unknownSender: t.field({ type: UnknownSender }),
    }),
  });
  builder.queryFields((t) => ({
    inboundSms: t.field({ type: EndpointRef, resolve: (_root, _args, ctx) => endpoint(ctx) }),
  }));
  builder.mutationFields((t) => ({
    updateInboundSms: t.field({
      type: EndpointRef,
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, args, ctx) => {
        const input = Object.fromEntries(
          Object.entries(args.input)
            .filter(([key, value]) => value !== undefined && (value !== null || key !== 'unknownSender'))
            .map(([key, value]) => [key, value === null ? null : String(value)]),
        );
        const settings = await updateInboundSmsSettings(ctx.db, await loadSnapshot(ctx.db, ctx.workspaceId), input);
        return endpoint(ctx, settings);
      },
    }),
    rotateInboundSmsSecret: t.field({
      type: SecretRef,
      description: 'Makes a new secret for the inbound-SMS webhook; the previous one stops working.',
      resolve: async (_root, _args, ctx) => {
        const secret = `whsec_${randomBytes(32).toString('base64url')}`;
        await secretStore(ctx).set(ctx.workspaceId, INBOUND_SMS_SECRET_NAME, secret, ctx.actor);
        return { ...(await endpoint(ctx)), secret };
      },
    }),
  }));
}
