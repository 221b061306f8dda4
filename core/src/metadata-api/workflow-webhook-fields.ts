import { randomBytes } from 'node:crypto';
import { badInput } from '../errors';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookPath, webhookSecretName } from '../webhooks';
import { createWorkflowService } from '../workflows';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';
import { secretStore } from './secret-fields';

interface WebhookEndpoint {
  workflowId: string;
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
}

/** The workflow (checked to exist in this workspace and to have a webhook trigger). */
async function webhookWorkflow(ctx: MetadataRequestContext, id: string) {
  const workflow = await (ctx.workflows ?? createWorkflowService({ db: ctx.db })).get(ctx.workspaceId, id);
  if (workflow.definition?.trigger.type !== 'WEBHOOK')
    throw badInput('id', `Workflow "${workflow.name}" is not triggered by a webhook; give it a WEBHOOK trigger first.`);
  return workflow;
}

async function endpoint(ctx: MetadataRequestContext, workflowId: string): Promise<WebhookEndpoint> {
  const names = await secretStore(ctx).list(ctx.workspaceId);
  return {
    workflowId,
    path: webhookPath(workflowId),
    hasSecret: names.some((s) => s.name === webhookSecretName(workflowId)),
    signatureHeader: SIGNATURE_HEADER,
    timestampHeader: TIMESTAMP_HEADER,
  };
}

/**
 * A webhook workflow's address and secret on `/metadata`: `workflowWebhook(id)` and
 * `rotateWorkflowWebhookSecret(id)`, which answers a new secret once (it is kept in the secret
 * store and never shown again; the old one stops working at once).
 */
export function addWorkflowWebhookFields(builder: MetadataBuilder) {
  const EndpointRef = builder.objectRef<WebhookEndpoint>('WorkflowWebhook').implement({
    description:
      'Where a webhook workflow listens: POST the JSON payload to `path` on the server, signed with its secret.',
    fields: (t) => ({
      workflowId: t.exposeID('workflowId'),
      path: t.exposeString('path'),
      hasSecret: t.exposeBoolean('hasSecret', { description: 'False until a secret is made: requests are refused.' }),
      signatureHeader: t.exposeString('signatureHeader', {
        description: 'Header of `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.',
      }),
      timestampHeader: t.exposeString('timestampHeader', { description: 'Header of the signing time, Unix seconds.' }),
    }),
  });
  const SecretRef = builder.objectRef<WebhookEndpoint & { secret: string }>('WorkflowWebhookSecret').implement({
    fields: (t) => ({
      webhook: t.field({ type: EndpointRef, resolve: (s) => s }),
      secret: t.exposeString('secret', { description: 'Shown once; store it with the sender.' }),
    }),
  });
  builder.queryFields((t) => ({
    workflowWebhook: t.field({
      type: EndpointRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => endpoint(ctx, (await webhookWorkflow(ctx, String(args.id))).id),
    }),
  }));
  builder.mutationFields((t) => ({
    rotateWorkflowWebhookSecret: t.field({
      type: SecretRef,
      description: "Makes a new secret for the workflow's webhook; the previous one stops working.",
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const workflow = await webhookWorkflow(ctx, String(args.id));
        const secret = `whsec_${randomBytes(32).toString('base64url')}`;
        await secretStore(ctx).set(ctx.workspaceId, webhookSecretName(workflow.id), secret, ctx.actor);
        return { ...(await endpoint(ctx, workflow.id)), secret };
      },
    }),
  }));
}
