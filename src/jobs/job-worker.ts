import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JobLeaseExpired } from '../errors/index.js';
import type { Clock, Logger } from '../shared/index.js';
import type { Subscription } from '../store/index.js';
import { executeJob, type JobExecutionDeps } from './job-execution.js';
import { assertJobName } from './job-name.js';
import type { JobQueue } from './job-queue.js';
import {
  claimJobById,
  claimJobs,
  failJob,
  findAbandonedLastAttempts,
  findNextWakeAt,
  type ClaimedJob,
} from './job-repository.js';
import type { JobHandler, JobStore } from './job-types.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry-delay.js';
import { createWakeSignal } from './wake-signal.js';

/** How to build a worker. */
export interface JobWorkerOptions {
  store: JobStore;
  queue: Pick<JobQueue, 'subscribe'>;
  /** One handler per job name (`module.verb-noun`). */
  handlers: Record<string, JobHandler>;
  /**
   * Jobs run at once by this worker (default 256). The pipeline's jobs mostly wait — for Graph, for a `$batch`
   * window, for an external handler — so a handful of slots would leave the CPU idle (bench P2/P3). Draining ten
   * mailboxes at Graph's budget needs about 4 requests × 2 jobs per mail × the batch windows per mailbox in flight:
   * 64 slots reached 0.47 of the budget, 256 reach 0.8 (bench P6).
   */
  concurrency?: number;
  /** How long a claim stays valid without a heartbeat (default 60 s); heartbeats come every third of it. */
  leaseMs?: number;
  /** Unique per worker; appears in `locked_by` (default host:pid:random). */
  workerId?: string;
  /** Safety poll: longest idle sleep, for wake-ups that got lost (default 5 s). */
  pollIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Source of jitter, for tests (default Math.random). */
  random?: () => number;
  clock: Clock;
  log: Logger;
}

/** Claims and runs jobs. */
export interface JobWorker {
  readonly workerId: string;
  /** Starts listening for wake-ups and claiming jobs. */
  start(): Promise<void>;
  /** Stops claiming and waits for the running jobs to finish. */
  stop(): Promise<void>;
  /** Runs due jobs until none is claimable and none of this worker's jobs is running (for tests and CLI). */
  drain(): Promise<void>;
  /**
   * Claims the job `id` as the worker loop would (same atomic claim, same lease) and runs it here; false, without
   * running anything, when it is not claimable — another worker holds it, or it already finished or died.
   */
  runJob(id: string): Promise<boolean>;
}

const busyRetryMs = 50;

/** Builds a worker that claims jobs with a lease, runs up to `concurrency` at once and records outcomes. */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { store, clock } = options;
  const concurrency = options.concurrency ?? 256;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = options.log.child({ module: 'jobs', workerId });
  for (const name of Object.keys(options.handlers)) assertJobName(name);
  const execution: JobExecutionDeps = {
    store,
    handlers: new Map(Object.entries(options.handlers)),
    workerId,
    leaseMs,
    retry: { ...defaultRetryPolicy, ...options.retry },
    random: options.random ?? Math.random,
    clock,
    log,
  };

  const running = new Map<string, Promise<void>>();
  const signal = createWakeSignal();
  let state: 'idle' | 'started' | 'stopping' = 'idle';
  let loop: Promise<void> | undefined;
  let subscription: Subscription | undefined;
  let claimTail: Promise<unknown> = Promise.resolve();
  let expiredCheckedAt = 0;

  /** Claims as many due jobs as there are free slots; one claim at a time, so slots are never oversold. */
  function fillSlots(): Promise<number> {
    const next = claimTail.then(async () => {
      const free = concurrency - running.size;
      if (free <= 0) return 0;
      const now = clock.now();
      // Expired leases are rare: look for them first once a second, otherwise only when pending work runs out,
      // so a busy worker claims with one statement (each a round trip on PostgreSQL).
      const includeExpired = now.getTime() - expiredCheckedAt >= 1_000 || now.getTime() < expiredCheckedAt;
      if (includeExpired) expiredCheckedAt = now.getTime();
      const jobs = await claimJobs(store, {
        workerId,
        limit: free,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        includeExpired,
      });
      for (const job of jobs) launch(job);
      return jobs.length;
    });
    claimTail = next.catch(() => undefined);
    return next;
  }

  function launch(job: ClaimedJob): void {
    const key = `${job.id}#${job.attempts}`;
    const run = executeJob(execution, job).finally(() => {
      running.delete(key);
      signal.wake();
    });
    running.set(key, run);
  }

  /** Marks dead the jobs whose worker vanished during their last allowed attempt. */
  async function buryAbandoned(): Promise<void> {
    const now = clock.now().toISOString();
    for (const job of await findAbandonedLastAttempts(store.db, now)) {
      const { code, message } = JobLeaseExpired.create({ jobId: job.id, attempts: job.attempts });
      const owner = job.locked_by ?? '';
      if (
        await failJob(store.db, job, owner, { now, error: { code, message, stack: null }, retryAt: null })
      ) {
        log.error({ jobId: job.id, lockedBy: owner }, 'job abandoned on its last attempt is dead');
      }
    }
  }

  async function idleDelayMs(): Promise<number> {
    if (running.size >= concurrency) return pollIntervalMs;
    const nextWakeAt = await findNextWakeAt(store.db, workerId);
    if (nextWakeAt === null) return pollIntervalMs;
    const ms = new Date(nextWakeAt).getTime() - clock.now().getTime();
    // Due but not claimed: another worker is taking it right now; look again shortly.
    return ms <= 0 ? busyRetryMs : Math.min(ms, pollIntervalMs);
  }

  async function runLoop(): Promise<void> {
    let lastSweep = 0;
    while (state === 'started') {
      try {
        if (Date.now() - lastSweep >= pollIntervalMs) {
          lastSweep = Date.now();
          await buryAbandoned();
        }
        const free = concurrency - running.size;
        const claimed = await fillSlots();
        if (state !== 'started') break;
        // All slots taken: a finishing job wakes the loop. Otherwise sleep until something becomes due.
        await signal.sleep(free > 0 && claimed >= free ? pollIntervalMs : await idleDelayMs());
      } catch (error) {
        log.error({ err: error }, 'job worker could not claim; retrying');
        await signal.sleep(Math.min(pollIntervalMs, 1_000));
      }
    }
  }

  return {
    workerId,
    async start() {
      if (state !== 'idle') return;
      subscription = await options.queue.subscribe(() => signal.wake());
      state = 'started';
      loop = runLoop();
      log.info({ concurrency, leaseMs }, 'job worker started');
    },
    async stop() {
      if (state !== 'started') return;
      state = 'stopping';
      signal.wake();
      await loop;
      await subscription?.close();
      await Promise.allSettled(running.values());
      state = 'idle';
      log.info('job worker stopped');
    },
    async runJob(id) {
      const now = clock.now();
      const job = await claimJobById(store, {
        id,
        workerId,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      });
      if (job === undefined) return false;
      launch(job);
      await running.get(`${job.id}#${job.attempts}`);
      return true;
    },
    async drain() {
      await buryAbandoned();
      for (;;) {
        const claimed = await fillSlots();
        if (claimed === 0 && running.size === 0) return;
        if (running.size > 0) await Promise.race(running.values());
      }
    },
  };
}
