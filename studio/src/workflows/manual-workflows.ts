import { gql } from '../api/graphql-client';

/** An active workflow with a manual trigger on an object (wf-triggers' `manualWorkflows`). */
export interface ManualWorkflow {
  id: string;
  name: string;
  description: string | null;
  object: string;
}

export async function manualWorkflows(object: string): Promise<ManualWorkflow[]> {
  const query = 'query ($object: String!) { manualWorkflows(object: $object) { id name description object } }';
  return (await gql<{ manualWorkflows: ManualWorkflow[] }>('/graphql', query, { object })).manualWorkflows;
}

/** Starts one run per record; answers the runs started. */
export async function runWorkflow(
  workflowId: string,
  recordIds: string[],
): Promise<{ runId: string; recordId: string }[]> {
  const query =
    'mutation ($id: ID!, $ids: [ID!]!) { runWorkflow(workflowId: $id, recordIds: $ids) { runId recordId } }';
  return (
    await gql<{ runWorkflow: { runId: string; recordId: string }[] }>('/graphql', query, {
      id: workflowId,
      ids: recordIds,
    })
  ).runWorkflow;
}
