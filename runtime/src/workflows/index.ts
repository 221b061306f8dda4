export { DEFAULT_SCHEDULE_TICK_MS, type ScheduleTiming, startScheduleTicker } from './schedule-ticker';
export { withWorkflowHooks } from './workflow-hooks';
