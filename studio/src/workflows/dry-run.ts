import { gql } from '../api/graphql-client';
import type { NodeResult } from './step-node.vue';
import type { WorkflowDefinition } from './workflows-api';

/** One thing a step would do, `{ kind, ... }` (create, update, delete, email, http, notify, assign). */
export type DryRunEffect = Record<string, unknown> & { kind: string };

export interface DryRunStep {
  stepId: string;
  type: string;
  /** DONE, FAILED or WAITING. */
  status: string;
  /** Inside a loop body: the item's path (e.g. `2`); null outside loops. */
  iteration: string | null;
  input: unknown;
  effects: DryRunEffect[];
  output: unknown;
  error: string | null;
}

export interface DryRun {
  steps: DryRunStep[];
  error: string | null;
}

/** The trigger input of a dry run: a record of the trigger's object, or a sample payload. */
export type DryRunInput = { recordId: string } | { payload: unknown };

/** What `definition` would do for the input, with no side effect (wf-runtime's dry run). */
export async function dryRun(definition: WorkflowDefinition, input: DryRunInput): Promise<DryRun> {
  const query = `mutation ($definition: JSON, $recordId: ID, $payload: JSON) {
    dryRunWorkflow(definition: $definition, recordId: $recordId, payload: $payload) {
      error steps { stepId type status iteration input effects output error } } }`;
  return (await gql<{ dryRunWorkflow: DryRun }>('/metadata', query, { definition, ...input })).dryRunWorkflow;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const fieldList = (values: unknown): string =>
  values && typeof values === 'object'
    ? Object.entries(values)
        .map(([field, value]) => `${field} = ${text(value)}`)
        .join(', ')
    : '';

/** One effect in words: "Would create task: title = Call Acme". */
export function describeEffect(effect: DryRunEffect): string {
  switch (effect.kind) {
    case 'create':
      return `Would create ${text(effect.object)}: ${fieldList(effect.values)}`;
    case 'update':
      return `Would change ${text(effect.object)} ${text(effect.id)}: ${fieldList(effect.values)}`;
    case 'delete':
      return `Would delete ${text(effect.object)} ${text(effect.id)}`;
    case 'email':
      return `Would email ${text(effect.to)}: “${text(effect.subject)}”`;
    case 'http':
      return `Would call ${text(effect.method)} ${text(effect.url)}`;
    case 'notify':
      return `Would notify ${text(effect.userId)}: “${text(effect.title)}”`;
    case 'assign':
      return `Would assign ${text(effect.object)} ${text(effect.id)} to ${text(effect.ownerId)}`;
    default:
      return `Would ${effect.kind}`;
  }
}

/** Each step's result for its node: what it would do, or why it failed; steps never reached say so. */
export function nodeResults(run: DryRun, stepKeys: readonly string[]): Map<string, NodeResult> {
  const results = new Map<string, NodeResult>();
  for (const step of run.steps) {
    const summary =
      step.status === 'FAILED'
        ? (step.error ?? 'Failed')
        : step.status === 'WAITING'
          ? 'Would wait here, then go on'
          : step.effects.map(describeEffect).join('; ') || 'Would go on (no change)';
    const earlier = results.get(step.stepId);
    // A loop body runs once per item: the node shows every iteration's result.
    results.set(step.stepId, {
      status: step.status === 'FAILED' || earlier?.status === 'error' ? 'error' : 'ok',
      summary: earlier ? `${earlier.summary}; ${summary}` : summary,
    });
  }
  for (const key of stepKeys) if (!results.has(key)) results.set(key, { status: 'skipped', summary: 'Not reached' });
  return results;
}
