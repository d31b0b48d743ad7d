import { isAppError, JobHandlerMissing, JobLeaseLost } from '../errors/index.js';
import type { Clock, Logger } from '../shared/index.js';
import { completeJob, extendLease, failJob, type ClaimedJob } from './job-repository.js';
import type { JobError, JobHandler, JobStore } from './job-types.js';
import { computeRetryDelayMs, type RetryPolicy } from './retry-delay.js';

/** What running one claimed job needs. */
export interface JobExecutionDeps {
  store: Pick<JobStore, 'db'>;
  handlers: ReadonlyMap<string, JobHandler>;
  workerId: string;
  leaseMs: number;
  retry: RetryPolicy;
  random: () => number;
  clock: Clock;
  log: Logger;
}

/**
 * Runs one claimed job: heartbeats its lease while the handler works, then deletes it (success), puts it
 * back with a backoff (failure), or marks it dead (last attempt, or an error that says retrying is
 * pointless). Never rejects: problems are logged, and an unrecorded outcome ends in a lease expiry.
 */
export async function executeJob(deps: JobExecutionDeps, job: ClaimedJob): Promise<void> {
  const { store, workerId, leaseMs, clock } = deps;
  const log = deps.log.child({ jobId: job.id, job: job.name, attempt: job.attempts });
  const controller = new AbortController();
  const heartbeat = setInterval(() => void renewLease(), Math.max(20, Math.floor(leaseMs / 3)));
  let completedByHandler = false;

  async function renewLease(): Promise<void> {
    if (completedByHandler) return;
    const now = clock.now();
    const times = { now: now.toISOString(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString() };
    try {
      if (await extendLease(store.db, job, workerId, times)) return;
      clearInterval(heartbeat);
      log.warn('job lease lost; asking the handler to stop');
      controller.abort(JobLeaseLost.create({ jobId: job.id }));
    } catch (error) {
      log.warn({ err: error }, 'could not extend the job lease; will try again');
    }
  }

  let failure: unknown;
  let failed = false;
  try {
    const handler = deps.handlers.get(job.name);
    if (handler === undefined) throw JobHandlerMissing.create({ name: job.name });
    const payload = JSON.parse(job.payload) as unknown;
    await handler(payload, {
      jobId: job.id,
      name: job.name,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      signal: controller.signal,
      log,
      async completeIn(trx) {
        if (await completeJob(trx, job, workerId)) completedByHandler = true;
      },
    });
  } catch (error) {
    failed = true;
    failure = error;
  } finally {
    clearInterval(heartbeat);
  }

  try {
    if (!failed) {
      if (completedByHandler) log.debug('job done with its effect');
      else if (await completeJob(store.db, job, workerId)) log.debug('job done');
      else log.warn('job finished after its lease was lost; it may run again elsewhere');
      return;
    }
    const now = clock.now();
    const permanent = isAppError(failure) && !failure.retryable;
    const retryAt =
      permanent || job.attempts >= job.maxAttempts
        ? null
        : new Date(now.getTime() + computeRetryDelayMs(job.attempts, deps.retry, deps.random)).toISOString();
    const recorded = await failJob(store.db, job, workerId, {
      now: now.toISOString(),
      error: describeError(failure),
      retryAt,
    });
    if (!recorded) log.warn({ err: failure }, 'job failed after its lease was lost');
    else if (retryAt === null) log.error({ err: failure }, 'job is dead');
    else log.warn({ err: failure, retryAt }, 'job failed; will retry');
  } catch (error) {
    log.error({ err: error }, 'could not record the job outcome; it runs again when its lease expires');
  }
}

/** Keeps what a later reader needs from any thrown value. */
function describeError(error: unknown): JobError {
  if (error instanceof Error) {
    return {
      code: isAppError(error) ? error.code : null,
      message: error.message,
      stack: error.stack ?? null,
    };
  }
  return { code: null, message: String(error), stack: null };
}
