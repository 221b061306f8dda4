export {
  BUNDLE_PROGRESS_PRUNE_TASK,
  IMPORT_UPLOADS_PRUNE_TASK,
  JOB_CRONTAB,
  RECORD_EVENTS_PRUNE_TASK,
  RECYCLE_BIN_PURGE_TASK,
} from './job-tasks';
export type { JobWorker, WorkerOptions } from './start-worker';
export { startWorker, workerPreset } from './start-worker';
export type { HeartbeatTiming } from './worker-heartbeat';
export { DEFAULT_HEARTBEAT } from './worker-heartbeat';
