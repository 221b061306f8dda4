import { gql } from '../api/graphql-client';
import type { ObjectMeta } from '../api/metadata-types';
import type { TimelineSource } from '../timeline/timeline-sources';
import RunTimelineEntry from './run-timeline-entry.vue';
import { STEP_RUN, type StepRun, type WorkflowRun } from './runs-api';

/** A run as the record's readers see it on `/graphql` (step values they may not read are left out by the server). */
export interface RecordRun
  extends Pick<
    WorkflowRun,
    'id' | 'workflowId' | 'version' | 'status' | 'recordId' | 'error' | 'startedAt' | 'finishedAt'
  > {
  workflowName: string;
  object: string | null;
  steps: StepRun[];
}

const RUN = `id workflowId workflowName version status object recordId error startedAt finishedAt steps { ${STEP_RUN} }`;

/** The runs a record started, newest first, through wf-runtime's run-log query on `/graphql`. */
export async function recordRuns(object: ObjectMeta, recordId: string, first = 20): Promise<RecordRun[]> {
  const query = `query ($object: String!, $recordId: ID!, $first: Int) {
    recordWorkflowRuns(object: $object, recordId: $recordId, first: $first) { ${RUN} } }`;
  const data = await gql<{ recordWorkflowRuns: RecordRun[] }>('/graphql', query, {
    object: object.nameSingular,
    recordId,
    first,
  });
  return data.recordWorkflowRuns;
}

/** Workflow runs on the record timeline: one entry per run, by the workflow, with its status and steps. */
export const workflowRunSource: TimelineSource = {
  kinds: () => [{ value: 'workflowRun', label: 'Workflow runs' }],
  async load(object, id) {
    const runs = await recordRuns(object, id);
    return runs.map((run) => ({
      key: `workflowRun:${run.id}`,
      kind: 'workflowRun',
      at: run.startedAt,
      actor: { id: null, kind: 'workflow', via: 'workflow' },
      view: { component: RunTimelineEntry, props: { run } },
    }));
  },
  watches: () => [],
};
