import { randomBytes } from 'node:crypto';
import type { Database, SqlExecutor } from '../db';
import type { InboundContactSettings, UnknownSenderRule } from '../messages';
import type { WorkspaceSnapshot } from '../metadata';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';
import { secretStore } from './secret-fields';

/** What differs between the inbound channels' `/metadata` fields; the GraphQL names derive from `typeName`. */
export interface InboundChannelFields<K extends string> {
  /** `InboundEmail` gives the `inboundEmail` query, `updateInboundEmail`, `rotateInboundEmailSecret`. */
  typeName: string;
  /** Settings key of the sender's address field id, and its description. */
  fieldKey: K;
  fieldDescription: string;
  description: string;
  /** Who the secret is stored with, and the webhook's name, for the descriptions. */
  secretHolder: string;
  webhookName: string;
  secretName: string;
  path: (workspaceId: string) => string;
  read: (db: SqlExecutor, workspaceId: string) => Promise<InboundContactSettings<K>>;
  update: (db: Database, snapshot: WorkspaceSnapshot, input: unknown) => Promise<InboundContactSettings<K>>;
}

/** The settings with the channel's address field under one name, so the GraphQL types need no generics. */
interface Endpoint {
  contactObjectId: string | null;
  addressFieldId: string | null;
  unknownSender: UnknownSenderRule;
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
}

/** The shared `UnknownSenderRule` enum (made once, by the first channel). */
export type UnknownSenderRef = ReturnType<MetadataBuilder['enumType']> & { $inferType: UnknownSenderRule };

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * One inbound channel's webhook on `/metadata` (admins only): the `<channel>` query (address, contact matching),
 * `update<Channel>` and `rotate<Channel>Secret` (the secret is shown once).
 */
export function addInboundChannelFields<K extends string>(
  builder: MetadataBuilder,
  UnknownSender: UnknownSenderRef,
  channel: InboundChannelFields<K>,
) {
  const { typeName, fieldKey } = channel;
  const queryName = lowerFirst(typeName);

  async function endpoint(ctx: MetadataRequestContext, settings?: InboundContactSettings<K>): Promise<Endpoint> {
    const names = await secretStore(ctx).list(ctx.workspaceId);
    const current = settings ?? (await channel.read(ctx.db, ctx.workspaceId));
    return {
      contactObjectId: current.contactObjectId,
      addressFieldId: current[fieldKey] as string | null,
      unknownSender: current.unknownSender,
      path: channel.path(ctx.workspaceId),
      hasSecret: names.some((s) => s.name === channel.secretName),
      signatureHeader: SIGNATURE_HEADER,
      timestampHeader: TIMESTAMP_HEADER,
    };
  }

  const EndpointRef = builder.objectRef<Endpoint>(typeName).implement({
    description: channel.description,
    fields: (t) => ({
      path: t.exposeString('path'),
      hasSecret: t.exposeBoolean('hasSecret', { description: 'False until a secret is made: requests are refused.' }),
      signatureHeader: t.exposeString('signatureHeader', {
        description: 'Header of `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.',
      }),
      timestampHeader: t.exposeString('timestampHeader', { description: 'Header of the signing time, Unix seconds.' }),
      contactObjectId: t.exposeID('contactObjectId', { nullable: true, description: 'Object senders are matched to.' }),
      [fieldKey]: t.id({
        nullable: true,
        description: channel.fieldDescription,
        resolve: (s) => s.addressFieldId,
      }),
      unknownSender: t.field({ type: UnknownSender, resolve: (s) => s.unknownSender }),
    }),
  });
  const SecretRef = builder.objectRef<Endpoint & { secret: string }>(`${typeName}Secret`).implement({
    fields: (t) => ({
      [queryName]: t.field({ type: EndpointRef, resolve: (s) => s }),
      secret: t.exposeString('secret', { description: `Shown once; store it with the ${channel.secretHolder}.` }),
    }),
  });
  const Input = builder.inputType(`${typeName}Input`, {
    description: 'Only the given settings change; a null contact object clears the matching.',
    fields: (t) => ({
      contactObjectId: t.id(),
      [fieldKey]: t.id(),
      unknownSender: t.field({ type: UnknownSender }),
    }),
  });
  builder.queryFields((t) => ({
    [queryName]: t.field({ type: EndpointRef, resolve: (_root, _args, ctx) => endpoint(ctx) }),
  }));
  builder.mutationFields((t) => ({
    [`update${typeName}`]: t.field({
      type: EndpointRef,
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, args, ctx) => {
        const input = Object.fromEntries(
          Object.entries(args.input)
            .filter(([key, value]) => value !== undefined && (value !== null || key !== 'unknownSender'))
            .map(([key, value]) => [key, value === null ? null : String(value)]),
        );
        const settings = await channel.update(ctx.db, await loadSnapshot(ctx.db, ctx.workspaceId), input);
        return endpoint(ctx, settings);
      },
    }),
    [`rotate${typeName}Secret`]: t.field({
      type: SecretRef,
      description: `Makes a new secret for the ${channel.webhookName} webhook; the previous one stops working.`,
      resolve: async (_root, _args, ctx) => {
        const secret = `whsec_${randomBytes(32).toString('base64url')}`;
        await secretStore(ctx).set(ctx.workspaceId, channel.secretName, secret, ctx.actor);
        return { ...(await endpoint(ctx)), secret };
      },
    }),
  }));
}
