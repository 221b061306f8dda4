import { gql } from '../api/graphql-client';

export type WebhookEvent = 'CREATED' | 'UPDATED' | 'DELETED';

/** One delivery of the log: each attempt's response code is in `attemptLog`. */
export interface WebhookDelivery {
  id: string;
  event: WebhookEvent;
  recordId: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  attemptLog: { at: string; status: number | null; error: string | null; durationMs: number }[];
  createdAt: string;
}

export interface WebhookSubscription {
  id: string;
  name: string;
  object: string;
  events: WebhookEvent[];
  fields: string[] | null;
  filter: Record<string, unknown> | null;
  role: string;
  url: string;
  active: boolean;
  failedDeliveries: number;
  disabledReason: string | null;
}

export type SubscriptionDraft = Omit<WebhookSubscription, 'id' | 'failedDeliveries' | 'disabledReason'>;

const SUBSCRIPTION = 'id name object events fields filter role url active failedDeliveries disabledReason';

export async function listSubscriptions(): Promise<WebhookSubscription[]> {
  return (
    await gql<{ webhookSubscriptions: WebhookSubscription[] }>(
      '/metadata',
      `query { webhookSubscriptions { ${SUBSCRIPTION} } }`,
    )
  ).webhookSubscriptions;
}

export async function listDeliveries(id: string): Promise<WebhookDelivery[]> {
  const data = await gql<{ webhookSubscriptions: { id: string; deliveries: WebhookDelivery[] }[] }>(
    '/metadata',
    'query { webhookSubscriptions { id deliveries(first: 100) { id event recordId status attempts responseStatus error attemptLog createdAt } } }',
  );
  return data.webhookSubscriptions.find((s) => s.id === id)?.deliveries ?? [];
}

/** Creates a subscription; its signing secret comes back once. */
export async function createSubscription(
  draft: SubscriptionDraft,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const data = await gql<{ createWebhookSubscription: { subscription: WebhookSubscription; secret: string } }>(
    '/metadata',
    `mutation ($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { secret subscription { ${SUBSCRIPTION} } } }`,
    { i: draft },
  );
  return data.createWebhookSubscription;
}

export async function updateSubscription(id: string, input: Partial<SubscriptionDraft>): Promise<WebhookSubscription> {
  const data = await gql<{ updateWebhookSubscription: WebhookSubscription }>(
    '/metadata',
    `mutation ($id: ID!, $i: UpdateWebhookSubscriptionInput!) { updateWebhookSubscription(id: $id, input: $i) { ${SUBSCRIPTION} } }`,
    { id, i: input },
  );
  return data.updateWebhookSubscription;
}

export async function deleteSubscription(id: string): Promise<void> {
  await gql('/metadata', 'mutation ($id: ID!) { deleteWebhookSubscription(id: $id) { id } }', { id });
}

export async function rotateSubscriptionSecret(id: string): Promise<string> {
  const data = await gql<{ rotateWebhookSubscriptionSecret: { secret: string } }>(
    '/metadata',
    'mutation ($id: ID!) { rotateWebhookSubscriptionSecret(id: $id) { secret } }',
    { id },
  );
  return data.rotateWebhookSubscriptionSecret.secret;
}
