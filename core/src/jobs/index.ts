export type { JobSpec } from './job-spec';
export { enqueueJobs, JOB_QUEUE_SCHEMA } from './job-spec';
