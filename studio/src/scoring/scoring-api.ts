import { gql } from '../api/graphql-client';

/** A scoring model as /metadata shows it (names of today). */
export interface ScoringModel {
  id: string;
  kind: 'RFM' | 'LIFECYCLE';
  name: string;
  label: string;
  object: string;
  definition: Record<string, unknown>;
  lastRunAt: string | null;
  lastRunMs: number | null;
  lastChanged: number | null;
}

export interface ScoringRun {
  changed: number;
  covered: number;
  durationMs: number;
  /** Where the time went, step by step (fields: creating the model's fields). */
  phases: { phase: string; ms: number }[];
  model: ScoringModel;
}

/** `score 120 ms · write 340 ms...`: a run's steps as the page shows them. */
export const phasesText = (run: ScoringRun) => run.phases.map((p) => `${p.phase} ${p.ms} ms`).join(' · ');

export interface RfmModelInput {
  name: string;
  label: string;
  object: string;
  related: { object: string; relation: string; date: string; amount: string };
  windowDays: number;
}

export interface LifecycleModelInput {
  name: string;
  label: string;
  object: string;
  field: { name: string; label: string };
  stages: { value: string; label: string; condition: Record<string, unknown> | null }[];
}

const MODEL = 'id kind name label object definition lastRunAt lastRunMs lastChanged';
const RUN = `changed covered durationMs phases { phase ms } model { ${MODEL} }`;

export async function listScoringModels(): Promise<ScoringModel[]> {
  return (await gql<{ scoringModels: ScoringModel[] }>('/metadata', `{ scoringModels { ${MODEL} } }`)).scoringModels;
}

/** Creates an RFM model (its four fields on the object) and runs it once. */
export async function createRfmModel(input: RfmModelInput): Promise<ScoringRun> {
  const data = await gql<{ createRfmModel: ScoringRun }>(
    '/metadata',
    `mutation($input: CreateRfmModelInput!) { createRfmModel(input: $input) { ${RUN} } }`,
    { input },
  );
  return data.createRfmModel;
}

/** Creates a lifecycle model (its stage field on the object) and runs it once. */
export async function createLifecycleModel(input: LifecycleModelInput): Promise<ScoringRun> {
  const data = await gql<{ createLifecycleModel: ScoringRun }>(
    '/metadata',
    `mutation($input: CreateLifecycleModelInput!) { createLifecycleModel(input: $input) { ${RUN} } }`,
    { input },
  );
  return data.createLifecycleModel;
}

/** Changes an RFM model (label, what it scores over, window) and reruns it in the same step. */
export async function updateRfmModel(id: string, input: Omit<RfmModelInput, 'name' | 'object'>): Promise<ScoringRun> {
  const data = await gql<{ updateRfmModel: ScoringRun }>(
    '/metadata',
    `mutation($id: ID!, $input: UpdateRfmModelInput!) { updateRfmModel(id: $id, input: $input) { ${RUN} } }`,
    { id, input },
  );
  return data.updateRfmModel;
}

/** Changes a lifecycle model (label, stages among its field's options) and reruns it in the same step. */
export async function updateLifecycleModel(
  id: string,
  input: Pick<LifecycleModelInput, 'label' | 'stages'>,
): Promise<ScoringRun> {
  const data = await gql<{ updateLifecycleModel: ScoringRun }>(
    '/metadata',
    `mutation($id: ID!, $input: UpdateLifecycleModelInput!) { updateLifecycleModel(id: $id, input: $input) { ${RUN} } }`,
    { id, input },
  );
  return data.updateLifecycleModel;
}

export async function recomputeScoringModel(id: string): Promise<ScoringRun> {
  const data = await gql<{ recomputeScoringModel: ScoringRun }>(
    '/metadata',
    `mutation($id: ID!) { recomputeScoringModel(id: $id) { ${RUN} } }`,
    { id },
  );
  return data.recomputeScoringModel;
}

export async function deleteScoringModel(id: string): Promise<void> {
  await gql('/metadata', 'mutation($id: ID!) { deleteScoringModel(id: $id) { id } }', { id });
}
