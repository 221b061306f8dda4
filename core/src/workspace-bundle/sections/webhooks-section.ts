import { compileConditionProbe, type FilterInput } from '../../query';
import { systemEntity } from '../../system';
import { newSubscriptionSecret, subscriptionSecretName } from '../../webhooks';
import { displayCondition } from '../../workflows';
import { rowSection } from './row-section';
import { inFile } from './section-refs';
import { storedRows } from './stored-rows';
import {
  type WebhookDocument,
  type WebhookValues,
  webhookDocument,
  webhookFromDocument,
  webhookToDocument,
} from './webhook-document';

const rows = storedRows<WebhookValues & { id: string }, WebhookValues>(systemEntity.WebhookSubscription);

/**
 * `webhooks/<key>.yaml`: outbound subscriptions, never their secrets. A subscription the bundle
 * creates gets a new signing secret (written in the same transaction); one that exists keeps its own.
 */
export const webhooksSection = rowSection<WebhookValues & { id: string }, WebhookDocument, WebhookValues>({
  name: 'webhooks',
  folder: 'webhooks',
  noun: 'webhook',
  schema: webhookDocument,
  createWarning: 'A new signing secret is generated (files never hold one): rotate it on the Webhooks page to read it.',
  ...rows,
  toDocument: webhookToDocument,
  fromDocument: webhookFromDocument,
  async check(ctx, values, site) {
    if (values.filter) {
      const object = ctx.after.objects.find((o) => o.id === values.objectId)!;
      const filter = values.filter as FilterInput;
      // Read back with names and compiled as the API compiles it: operators and values are checked.
      await inFile(site, () =>
        compileConditionProbe(ctx.after, object, displayCondition(ctx.after, object, filter, 'filter'), 'filter'),
      );
    }
    return { values, warnings: [] };
  },
  async create(ctx, id, values) {
    await rows.create(ctx, id, values);
    if (!ctx.deps.secrets) throw new Error('The bundle service was created without the secret store.');
    await ctx.deps.secrets.set(
      ctx.workspaceId,
      subscriptionSecretName(id),
      newSubscriptionSecret(),
      ctx.deps.actor,
      ctx.tx,
    );
  },
  async remove(ctx, id) {
    await rows.remove(ctx, id);
    await ctx.tx.query('delete from relata.secrets where workspace_id = $1 and name = $2', [
      ctx.workspaceId,
      subscriptionSecretName(id),
    ]);
  },
});
