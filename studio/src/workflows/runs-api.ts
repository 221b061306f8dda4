import { gql } from '../api/graphql-client';

/** One attempt of one step in a run's log. */
export interface StepRun {
  step: string;
  /** Inside a loop: the item's path (e.g. `2` or `2.0`); empty outside loops. */
  iteration: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  startedAt: string;
  durationMs: number;
}

export type RunStatus = 'RUNNING' | 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface WorkflowRun {
  id: string;
  workflowId: string;
  version: number;
  status: RunStatus;
  recordId: string | null;
  depth: number;
  currentStep: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  steps: StepRun[];
}

export const STEP_RUN = 'step iteration attempt status input output error startedAt durationMs';
const RUN = `id workflowId version status recordId depth currentStep error startedAt finishedAt steps { ${STEP_RUN} }`;

/** A workflow's runs, newest first, with their step log (admins, on `/metadata`). */
export async function listRuns(workflowId: string, first = 50): Promise<WorkflowRun[]> {
  const query = `query ($id: ID!, $first: Int) { workflowRuns(workflowId: $id, first: $first) { ${RUN} } }`;
  return (await gql<{ workflowRuns: WorkflowRun[] }>('/metadata', query, { id: workflowId, first })).workflowRuns;
}

/** A workflow's latest run (status and start only), for the workflow list; null when it never ran. */
export async function lastRun(workflowId: string): Promise<Pick<WorkflowRun, 'status' | 'startedAt'> | null> {
  const query = 'query ($id: ID!) { workflowRuns(workflowId: $id, first: 1) { status startedAt } }';
  const data = await gql<{ workflowRuns: Pick<WorkflowRun, 'status' | 'startedAt'>[] }>('/metadata', query, {
    id: workflowId,
  });
  return data.workflowRuns[0] ?? null;
}

export async function retryRun(id: string): Promise<WorkflowRun> {
  const query = `mutation ($id: ID!) { retryWorkflowRun(id: $id) { ${RUN} } }`;
  return (await gql<{ retryWorkflowRun: WorkflowRun }>('/metadata', query, { id })).retryWorkflowRun;
}

export async function cancelRun(id: string): Promise<WorkflowRun> {
  const query = `mutation ($id: ID!) { cancelWorkflowRun(id: $id) { ${RUN} } }`;
  return (await gql<{ cancelWorkflowRun: WorkflowRun }>('/metadata', query, { id })).cancelWorkflowRun;
}

/** Milliseconds from start to finish (or to now while it runs). */
export function runDuration(run: Pick<WorkflowRun, 'startedAt' | 'finishedAt'>): number {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  return Math.max(0, end - Date.parse(run.startedAt));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** Naive UI tag type of a run status. */
export function statusTagType(status: string): 'success' | 'error' | 'warning' | 'info' | 'default' {
  if (status === 'SUCCEEDED') return 'success';
  if (status === 'FAILED') return 'error';
  if (status === 'WAITING' || status === 'RUNNING') return 'info';
  return 'default';
}
