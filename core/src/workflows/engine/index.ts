export { beginRun, type RunStart } from './begin-run';
export {
  cancelRun,
  listRuns,
  retryRun,
  type WorkflowRunInfo,
  type WorkflowStepRunInfo,
} from './run-control';
export { runWorkflowStep, type StepRunnerDeps } from './run-step';
export { createWorkflowTriggers, MAX_CASCADE_DEPTH } from './start-runs';
export { STEP_EXECUTORS } from './step-executors';
export { retryDelayMs, STEP_ATTEMPTS, WORKFLOW_STEP_TASK } from './step-jobs';
export { TriggerIndex } from './trigger-index';
