export { cronMatches, latestFireTime, parseCron } from './cron-times';
export { fireSchedules, SCHEDULE_CATCH_UP_MS } from './fire-schedules';
export {
  listManualWorkflows,
  type ManualCaller,
  type ManualRunStart,
  type ManualWorkflow,
  startManualRuns,
} from './manual-runs';
