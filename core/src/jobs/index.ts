export type { JobSpec } from './job-spec';
export { addJobs, enqueueJobs, JOB_QUEUE_SCHEMA, jobRows } from './job-spec';
