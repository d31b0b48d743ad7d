import { defineError } from '../define-error.js';

export const JobNameInvalid = defineError<{ name: string }>({
  code: 'MSI_JOBS_NAME_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'A job or scheduled task name does not follow `module.verb-noun`.',
  message: (p) => `Job name "${p.name}" does not follow module.verb-noun (e.g. inbox.process-message)`,
});

export const JobOptionsInvalid = defineError<{ name: string; problem: string }>({
  code: 'MSI_JOBS_OPTIONS_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'A job was enqueued with an unusable payload or options.',
  message: (p) => `Job ${p.name} cannot be enqueued: ${p.problem}`,
});

export const JobEnqueueConflict = defineError<{ name: string; uniqueKey: string }>({
  code: 'MSI_JOBS_ENQUEUE_CONFLICT',
  httpStatus: 503,
  retryable: true,
  description: 'A job with the same unique key kept appearing and finishing while this one was enqueued.',
  message: (p) => `Job ${p.name} with unique key ${p.uniqueKey} could not be enqueued; try again`,
});

export const JobHandlerMissing = defineError<{ name: string }>({
  code: 'MSI_JOBS_HANDLER_MISSING',
  httpStatus: 500,
  retryable: true,
  description:
    'A worker claimed a job whose name it has no handler for; retried (another version may know it), then dead.',
  message: (p) => `No handler is registered for job ${p.name} in this worker`,
});

export const JobHandlerDuplicate = defineError<{ name: string }>({
  code: 'MSI_JOBS_HANDLER_DUPLICATE',
  httpStatus: 500,
  retryable: false,
  description: 'Two handlers were registered for one job name when a worker was built.',
  message: (p) => `Two handlers are registered for job ${p.name}`,
});

export const JobPayloadInvalid = defineError<{ name: string; problem: string }>({
  code: 'MSI_JOBS_PAYLOAD_INVALID',
  httpStatus: 500,
  retryable: false,
  description:
    'A stored job payload is not what its job expects (written by another version, or edited by hand); the job is dead.',
  message: (p) => `Job ${p.name} has a payload it cannot read: ${p.problem}`,
});

export const JobLeaseLost = defineError<{ jobId: string }>({
  code: 'MSI_JOBS_LEASE_LOST',
  httpStatus: 503,
  retryable: true,
  description:
    "A running job's lease expired or was taken over; its handler is asked to stop via the signal.",
  message: (p) => `Job ${p.jobId} lost its lease; another worker may run it again`,
});

export const JobLeaseExpired = defineError<{ jobId: string; attempts: number }>({
  code: 'MSI_JOBS_LEASE_EXPIRED',
  httpStatus: 500,
  retryable: false,
  description:
    'The worker running the last allowed attempt of a job vanished (crash, kill) before finishing it.',
  message: (p) => `Job ${p.jobId} was abandoned by its worker on attempt ${p.attempts}, its last`,
});

export const ScheduleCronInvalid = defineError<{ task: string; expression: string; reason: string }>({
  code: 'MSI_JOBS_CRON_INVALID',
  httpStatus: 500,
  retryable: false,
  description: 'A recurring task was scheduled with a cron expression croner cannot parse.',
  message: (p) => `Task ${p.task}: cron expression "${p.expression}" is invalid: ${p.reason}`,
});

export const ScheduleTaskDuplicate = defineError<{ task: string }>({
  code: 'MSI_JOBS_TASK_DUPLICATE',
  httpStatus: 500,
  retryable: false,
  description: 'Two recurring tasks were scheduled under the same name on one scheduler.',
  message: (p) => `Task ${p.task} is already scheduled`,
});
