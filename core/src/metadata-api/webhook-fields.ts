import {
  createSubscriptionService,
  type DeliveryInfo,
  type SubscriptionInfo,
  type SubscriptionService,
  WEBHOOK_EVENTS,
} from '../webhooks';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';
import { secretStore } from './secret-fields';

const subscriptions = (ctx: MetadataRequestContext): SubscriptionService =>
  createSubscriptionService({ db: ctx.db, secrets: secretStore(ctx) });

/**
 * Outbound webhook subscriptions on `/metadata`: list, create (answers the signing secret once),
 * update (switching one on again clears its failure streak), delete, rotate the secret, and the
 * delivery log with each attempt's response code.
 */
export function addWebhookFields(builder: MetadataBuilder) {
  const EventEnum = builder.enumType('WebhookEvent', { values: WEBHOOK_EVENTS });
  const SubscriptionRef = builder.objectRef<SubscriptionInfo>('WebhookSubscription').implement({
    description: "Record events of one object POSTed to a URL, signed, with what the subscription's role may read.",
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      object: t.exposeString('object'),
      events: t.field({ type: [EventEnum], resolve: (s) => s.events }),
      fields: t.exposeStringList('fields', {
        nullable: true,
        description: 'Updates are sent only when one of these fields changed; null: any change.',
      }),
      filter: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.filter }),
      role: t.exposeString('role'),
      url: t.exposeString('url'),
      active: t.exposeBoolean('active'),
      failedDeliveries: t.exposeInt('failedDeliveries', { description: 'Deliveries failed in a row.' }),
      disabledReason: t.exposeString('disabledReason', { nullable: true }),
      createdAt: t.exposeString('createdAt'),
      updatedAt: t.exposeString('updatedAt'),
      deliveries: t.field({
        type: [DeliveryRef],
        description: 'The delivery log, newest first.',
        args: { first: t.arg.int({ defaultValue: 50 }) },
        resolve: (s, args, ctx) => subscriptions(ctx).deliveries(ctx.workspaceId, s.id, args.first ?? 50),
      }),
    }),
  });
  const DeliveryRef = builder.objectRef<DeliveryInfo>('WebhookDelivery').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      event: t.exposeString('event'),
      recordId: t.exposeID('recordId'),
      status: t.exposeString('status', { description: 'PENDING, SUCCEEDED, FAILED or SKIPPED.' }),
      attempts: t.exposeInt('attempts'),
      responseStatus: t.exposeInt('responseStatus', { nullable: true }),
      error: t.exposeString('error', { nullable: true }),
      attemptLog: t.field({
        type: 'JSON',
        description: 'Each attempt: { at, status, error, durationMs }.',
        resolve: (d) => d.attemptLog,
      }),
      payload: t.field({ type: 'JSON', resolve: (d) => d.payload }),
      createdAt: t.exposeString('createdAt'),
      finishedAt: t.exposeString('finishedAt', { nullable: true }),
    }),
  });
  const WithSecretRef = builder
    .objectRef<{ subscription: SubscriptionInfo; secret: string }>('WebhookSubscriptionSecret')
    .implement({
      fields: (t) => ({
        subscription: t.field({ type: SubscriptionRef, resolve: (s) => s.subscription }),
        secret: t.exposeString('secret', { description: 'Shown once: the receiver verifies signatures with it.' }),
      }),
    });
  const input = (name: string, required: boolean) =>
    builder.inputType(name, {
      fields: (t) => ({
        name: t.string({ required }),
        object: t.string({ required, description: 'Singular API name.' }),
        events: t.field({ type: [EventEnum], required }),
        fields: t.stringList({ description: 'Field names: send updates only when one of these changed.' }),
        filter: t.field({ type: 'JSON', description: "A filter in the data API's language." }),
        role: t.string({ required, description: 'The payload holds only what this role may read.' }),
        url: t.string({ required }),
        active: t.boolean(),
      }),
    });
  const CreateInput = input('CreateWebhookSubscriptionInput', true);
  const UpdateInput = input('UpdateWebhookSubscriptionInput', false);

  builder.queryFields((t) => ({
    webhookSubscriptions: t.field({
      type: [SubscriptionRef],
      resolve: (_r, _a, ctx) => subscriptions(ctx).list(ctx.workspaceId),
    }),
  }));
  builder.mutationFields((t) => ({
    createWebhookSubscription: t.field({
      type: WithSecretRef,
      args: { input: t.arg({ type: CreateInput, required: true }) },
      resolve: (_r, args, ctx) => subscriptions(ctx).create(ctx.workspaceId, withoutNulls(args.input), ctx.actor),
    }),
    updateWebhookSubscription: t.field({
      type: SubscriptionRef,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInput, required: true }) },
      resolve: (_r, args, ctx) => subscriptions(ctx).update(ctx.workspaceId, String(args.id), withoutNulls(args.input)),
    }),
    deleteWebhookSubscription: t.field({
      type: SubscriptionRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => subscriptions(ctx).delete(ctx.workspaceId, String(args.id)),
    }),
    rotateWebhookSubscriptionSecret: t.field({
      type: WithSecretRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => subscriptions(ctx).rotateSecret(ctx.workspaceId, String(args.id), ctx.actor),
    }),
  }));
}

/** A null for a required setting means "not given"; `fields` and `filter` are cleared with null. */
function withoutNulls(input: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== null || key === 'fields' || key === 'filter'),
  );
}
