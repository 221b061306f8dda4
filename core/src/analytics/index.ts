export { checkModelDefinition } from './model-check';
export type { LifecycleDefinition, ModelDefinition, ModelKind, RfmDefinition } from './model-definition';
export type { ScoringModelInfo } from './model-info';
export type {
  CreateLifecycleModelInput,
  CreateRfmModelInput,
  UpdateLifecycleModelInput,
  UpdateRfmModelInput,
} from './model-input';
export {
  queueScoringRuns,
  runScoringJob,
  SCORING_CRONTAB,
  SCORING_RUN_TASK,
  SCORING_TICK_TASK,
} from './model-jobs';
export { type ModelRun, modelSteps, type RunPhaseTime, runModel, runModelIn } from './model-run';
export { createScoringModelStore, markManaged, type ScoringModelStore } from './model-store';
export { RFM_SEGMENTS, type RfmSegment, rfmSegmentOf } from './rfm-segments';
export { runScoringModels } from './run-all';
export * from './widgets';
