export { createJobQueue } from './job-queue.js';
export type { JobQueue } from './job-queue.js';
export { createJobWorker } from './job-worker.js';
export type { JobWorker, JobWorkerOptions } from './job-worker.js';
export { createScheduler } from './scheduler.js';
export type { Scheduler, SchedulerOptions, ScheduledTask, ScheduledTaskContext } from './scheduler.js';
export { computeRetryDelayMs, defaultRetryPolicy } from './retry-delay.js';
export { timeOrderedId } from './time-ordered-id.js';
export type { RetryPolicy } from './retry-delay.js';
export type {
  JobContext,
  JobError,
  JobHandler,
  JobRecord,
  JobStore,
  NewJob,
  QueueStats,
} from './job-types.js';
