import { gql } from '../api/graphql-client';

/** A step of a definition, as `/metadata` shows it (objects and fields by API name). */
export interface StepDefinition {
  key: string;
  type: string;
  name?: string | null;
  settings: Record<string, unknown>;
  next?: string | null;
  position?: { x: number; y: number } | null;
}

export interface TriggerDefinition {
  type: string;
  object?: string;
  fields?: string[] | null;
  condition?: Record<string, unknown> | null;
  cron?: string;
  timeZone?: string;
  /** WEBHOOK: the JSON Schema payloads must satisfy. */
  payloadSchema?: unknown;
  /** FORM: only submissions of this form (id). */
  form?: string | null;
}

export interface WorkflowDefinition {
  trigger: TriggerDefinition;
  steps: StepDefinition[];
  /** All or nothing: the steps commit in one transaction (kept as is through the editor's changes). */
  atomic?: boolean;
  /** The role whose rights the run's record steps have (its name); absent: admin. */
  runAs?: string | null;
}

export interface WorkflowVersion {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  definition: WorkflowDefinition | null;
  problem: string | null;
}

export interface Workflow {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  publishedVersion: number | null;
  hasDraft: boolean;
  definition: WorkflowDefinition | null;
  problem: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One setting's spec, as core/src/workflows/steps/setting-spec.ts declares it. */
export interface SettingSpec {
  kind:
    | 'text'
    | 'number'
    | 'choice'
    | 'template'
    | 'expression'
    | 'object'
    | 'values'
    | 'filter'
    | 'templates'
    | 'texts'
    | 'step'
    | 'branches';
  optional?: boolean;
  label?: string;
  options?: string[];
  min?: number;
  max?: number;
  /** `object` specs: the only object allowed; `values`/`filter` specs: the setting naming the object. */
  fixed?: string;
  object?: string;
  expect?: string[];
}

export interface StepType {
  type: string;
  label: string;
  description: string;
  settings: Record<string, SettingSpec>;
}

export interface ExpressionFunction {
  name: string;
  description: string;
  params: unknown;
  variadic: boolean;
}

export interface WorkflowInput {
  name?: string;
  description?: string | null;
  definition?: WorkflowDefinition;
}

const WORKFLOW = 'id name description active publishedVersion hasDraft definition problem createdAt updatedAt';

export async function listWorkflows(): Promise<Workflow[]> {
  return (await gql<{ workflows: Workflow[] }>('/metadata', `query { workflows { ${WORKFLOW} } }`)).workflows;
}

export async function getWorkflow(id: string): Promise<Workflow> {
  const query = `query ($id: ID!) { workflow(id: $id) { ${WORKFLOW} } }`;
  return (await gql<{ workflow: Workflow }>('/metadata', query, { id })).workflow;
}

export async function listVersions(id: string): Promise<WorkflowVersion[]> {
  const query =
    'query ($id: ID!) { workflow(id: $id) { versions { version publishedAt publishedBy definition problem } } }';
  return (await gql<{ workflow: { versions: WorkflowVersion[] } }>('/metadata', query, { id })).workflow.versions;
}

export async function createWorkflow(input: WorkflowInput): Promise<Workflow> {
  const query = `mutation ($input: WorkflowInput!) { createWorkflow(input: $input) { ${WORKFLOW} } }`;
  return (await gql<{ createWorkflow: Workflow }>('/metadata', query, { input })).createWorkflow;
}

export async function updateWorkflow(id: string, input: WorkflowInput): Promise<Workflow> {
  const query = `mutation ($id: ID!, $input: WorkflowInput!) { updateWorkflow(id: $id, input: $input) { ${WORKFLOW} } }`;
  return (await gql<{ updateWorkflow: Workflow }>('/metadata', query, { id, input })).updateWorkflow;
}

/** Activates (publishing the draft) or deactivates a workflow. */
export async function setWorkflowActive(id: string, active: boolean): Promise<Workflow> {
  const mutation = active ? 'activateWorkflow' : 'deactivateWorkflow';
  const query = `mutation ($id: ID!) { ${mutation}(id: $id) { ${WORKFLOW} } }`;
  return (await gql<Record<string, Workflow>>('/metadata', query, { id }))[mutation]!;
}

/** Deletes a workflow; answers its id. */
export async function deleteWorkflow(id: string): Promise<string> {
  const query = 'mutation ($id: ID!) { deleteWorkflow(id: $id) { id } }';
  return (await gql<{ deleteWorkflow: { id: string } }>('/metadata', query, { id })).deleteWorkflow.id;
}

/** Checks a definition without saving it; throws `ApiError` whose extensions name `step` and `setting`. */
export async function checkDefinition(definition: WorkflowDefinition): Promise<void> {
  await gql('/metadata', 'query ($d: JSON!) { checkWorkflowDefinition(definition: $d) }', { d: definition });
}

export async function listStepTypes(): Promise<StepType[]> {
  const query = 'query { workflowStepTypes { type label description settings } }';
  return (await gql<{ workflowStepTypes: StepType[] }>('/metadata', query)).workflowStepTypes;
}

export async function listExpressionFunctions(): Promise<ExpressionFunction[]> {
  const query = 'query { expressionFunctions { name description params variadic } }';
  return (await gql<{ expressionFunctions: ExpressionFunction[] }>('/metadata', query)).expressionFunctions;
}
