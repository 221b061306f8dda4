import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workflow, WorkflowVersion } from './workflow';
import { Workspace } from './workspace';

/**
 * One run of a workflow version. `triggerKey` names what started it (`UPDATED:<record>:<version>`)
 * and is unique per version: a change job delivered twice starts one run.
 */
export const WorkflowRun = defineEntity({
  name: 'WorkflowRun',
  schema: 'relata',
  tableName: 'workflow_runs',
  uniques: [{ properties: ['version', 'triggerKey'] }],
  // Run history per record (the timeline) and per workflow, newest first.
  indexes: [
    {
      name: 'workflow_runs_record_idx',
      properties: ['workspace', 'recordId', 'startedAt'],
      columns: [{ name: 'workspace' }, { name: 'recordId' }, { name: 'startedAt', sort: 'DESC' }],
    },
    {
      name: 'workflow_runs_workflow_idx',
      properties: ['workflow', 'startedAt'],
      columns: [{ name: 'workflow' }, { name: 'startedAt', sort: 'DESC' }],
    },
    // The retention prune removes the oldest finished runs first.
    { name: 'workflow_runs_finished_idx', properties: ['finishedAt'] },
  ],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    workflow: () => p.manyToOne(Workflow).deleteRule('cascade'),
    version: () => p.manyToOne(WorkflowVersion).deleteRule('cascade'),
    /** RUNNING, WAITING, SUCCEEDED, FAILED, CANCELLED. */
    status: p.text(),
    triggerKey: p.text(),
    /** The trigger record, when a record started the run. */
    recordId: p.uuid().nullable(),
    /** What expressions start from: `record`, `previous`, `actor`, `trigger`. */
    input: p.json<Record<string, unknown>>(),
    /** Runs started by this run's writes are one deeper; past the limit they are refused. */
    depth: p.integer().default(0),
    currentStep: p.text().nullable(),
    /** The loop item path of `currentStep` ('' outside loops). */
    currentIteration: p.text().default(''),
    error: p.text().nullable(),
    startedAt: p.datetime().defaultRaw('now()'),
    finishedAt: p.datetime().nullable(),
  },
});
export type WorkflowRun = InferEntity<typeof WorkflowRun>;

/** One attempt of one step of a run: the run log (input, output, duration, error). */
export const WorkflowStepRun = defineEntity({
  name: 'WorkflowStepRun',
  schema: 'relata',
  tableName: 'workflow_step_runs',
  uniques: [
    {
      name: 'workflow_step_runs_run_step_iteration_attempt_key',
      properties: ['run', 'stepKey', 'iteration', 'attempt'],
    },
  ],
  properties: {
    id: p.uuid().primary(),
    run: () => p.manyToOne(WorkflowRun).deleteRule('cascade'),
    stepKey: p.text(),
    /** Inside loops, the item path (`2`, `2.0` nested); '' outside. */
    iteration: p.text().default(''),
    attempt: p.integer(),
    /** SUCCEEDED or FAILED. */
    status: p.text(),
    input: p.json<unknown>().nullable(),
    output: p.json<unknown>().nullable(),
    error: p.text().nullable(),
    startedAt: p.datetime(),
    durationMs: p.integer(),
  },
});
export type WorkflowStepRun = InferEntity<typeof WorkflowStepRun>;

/** The turn of a round-robin step, kept across runs and versions (the row lock orders concurrent runs). */
export const WorkflowRoundRobin = defineEntity({
  name: 'WorkflowRoundRobin',
  schema: 'relata',
  tableName: 'workflow_round_robins',
  properties: {
    workflow: () => p.manyToOne(Workflow).deleteRule('cascade').primary(),
    stepKey: p.text().primary(),
    turn: p.bigint('number'),
  },
});
export type WorkflowRoundRobin = InferEntity<typeof WorkflowRoundRobin>;
