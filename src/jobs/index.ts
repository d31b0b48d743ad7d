export { collectJobHandlers, defineJob, handleJob } from './job-definition.js';
export type { JobDefinition } from './job-definition.js';
export { createJobQueue } from './job-queue.js';
export type { JobQueue } from './job-queue.js';
export { createJobWorker } from './job-worker.js';
export type { JobWorker, JobWorkerOptions } from './job-worker.js';
export { createScheduler } from './scheduler.js';
export type { Scheduler } from './scheduler.js';
export { computeRetryDelayMs, defaultRetryPolicy } from './retry-delay.js';
export { timeOrderedId } from './time-ordered-id.js';
export type { RetryPolicy } from './retry-delay.js';
export type {
  JobContext,
  JobError,
  JobEntry,
  JobHandler,
  JobRecord,
  JobStore,
  NewJob,
  QueueStats,
} from './job-types.js';
