import { gql } from '../api/graphql-client';

/** Where a webhook workflow listens (wf-triggers' `workflowWebhook` on /metadata). */
export interface WebhookEndpoint {
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
}

/** A public form a FORM trigger may be limited to. */
export interface FormRef {
  id: string;
  name: string;
  object: string;
}

const ENDPOINT = 'path hasSecret signatureHeader timestampHeader';

export async function webhookEndpoint(workflowId: string): Promise<WebhookEndpoint> {
  const query = `query ($id: ID!) { workflowWebhook(id: $id) { ${ENDPOINT} } }`;
  return (await gql<{ workflowWebhook: WebhookEndpoint }>('/metadata', query, { id: workflowId })).workflowWebhook;
}

/** Makes a new signing secret (the old one stops working); the answer is the only time it is shown. */
export async function rotateWebhookSecret(workflowId: string): Promise<{ secret: string; webhook: WebhookEndpoint }> {
  const query = `mutation ($id: ID!) { rotateWorkflowWebhookSecret(id: $id) { secret webhook { ${ENDPOINT} } } }`;
  const data = await gql<{ rotateWorkflowWebhookSecret: { secret: string; webhook: WebhookEndpoint } }>(
    '/metadata',
    query,
    {
      id: workflowId,
    },
  );
  return data.rotateWorkflowWebhookSecret;
}

export async function listForms(): Promise<FormRef[]> {
  return (await gql<{ forms: FormRef[] }>('/metadata', 'query { forms { id name object } }')).forms;
}
