export { beginRun, beginRuns, type RunStart, type StartedRun } from './begin-run';
export {
  type DryRunDeps,
  type DryRunRequest,
  type DryRunResult,
  type DryRunStep,
  dryRunWorkflow,
  MAX_DRY_RUN_STEPS,
} from './dry-run';
export { isExternalStepType, stepTypesOf } from './external-steps';
export { PerSnapshotRows } from './per-snapshot-rows';
export { DEFAULT_RUN_RETENTION_DAYS, pruneWorkflowRuns, WORKFLOW_RUN_PRUNE_TASK } from './prune-runs';
export { triggerInputsForRunAs } from './run-as-input';
export {
  cancelRun,
  listRuns,
  retryRun,
  type WorkflowRunInfo,
  type WorkflowStepRunInfo,
} from './run-control';
export {
  MAX_RUN_LOG_PAGE,
  type RunLogEntry,
  type RunLogQuery,
  type RunLogReader,
  readRunLog,
} from './run-log';
export { runWorkflowStep, type StepRunnerDeps } from './run-step';
export { createWorkflowTriggers, type InlineStepDeps, MAX_CASCADE_DEPTH } from './start-runs';
export type { StepEffect } from './step-env';
export { STEP_EXECUTORS } from './step-executors';
export { retryDelayMs, STEP_ATTEMPTS, WORKFLOW_STEP_TASK } from './step-jobs';
export { TriggerIndex } from './trigger-index';
export {
  deliverWorkflowMail,
  WORKFLOW_MAIL_TASK,
  type WorkflowMail,
  type WorkflowMailPort,
} from './workflow-mail';
