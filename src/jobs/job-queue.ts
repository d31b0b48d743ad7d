import type { Kysely } from 'kysely';
import { JobEnqueueConflict, JobOptionsInvalid } from '../errors/index.js';
import type { Clock, Logger } from '../shared/index.js';
import type { Database, JobStatus, Subscription } from '../store/index.js';
import { assertJobName } from './job-name.js';
import { toJobRecord } from './job-repository.js';
import { timeOrderedId } from './time-ordered-id.js';
import type { JobDefinition } from './job-definition.js';
import type { JobEntry, JobRecord, JobStore, NewJob, QueueStats } from './job-types.js';

/** Notification channel that wakes idle workers when a job is enqueued. */
const jobsChannel = 'msi_jobs';

/** Default number of runs before a job is dead. */
const defaultMaxAttempts = 10;

/** Enqueues jobs (in the caller's transaction) and reports on the queue. */
export interface JobQueue {
  /**
   * Inserts a job through `executor` — pass the caller's transaction so the job exists exactly when the
   * change it reacts to commits. Returns its id, or the id of the unfinished job with the same `uniqueKey`.
   */
  enqueue<Payload>(executor: Kysely<Database>, job: NewJob<Payload>): Promise<string>;
  /**
   * `enqueue` for many jobs of one kind in the caller's transaction, in one INSERT (and one wake-up) instead of one
   * per job; returns the ids in the order of `jobs`.
   */
  enqueueMany<Payload>(
    executor: Kysely<Database>,
    job: JobDefinition<Payload>,
    entries: readonly JobEntry<NoInfer<Payload>>[],
  ): Promise<string[]>;
  /** The stored job, or undefined once it finished (finished jobs are deleted). */
  getJob(id: string): Promise<JobRecord | undefined>;
  /** Depth by status and the age of the oldest due pending job. */
  getQueueStats(): Promise<QueueStats>;
  /** Calls `onWake` whenever a job may have been enqueued (used by workers). */
  subscribe(onWake: () => void): Promise<Subscription>;
}

/** Builds the job queue over a store. */
export function createJobQueue(deps: { store: JobStore; clock: Clock; log: Logger }): JobQueue {
  const { store, clock } = deps;
  const log = deps.log.child({ module: 'jobs' });

  const queue: JobQueue = {
    async enqueueMany<Payload>(
      executor: Kysely<Database>,
      job: JobDefinition<Payload>,
      entries: readonly JobEntry<Payload>[],
    ) {
      const ids: string[] = [];
      const now = clock.now();
      // 500 rows of 15 columns stay below SQLite's limit of 32,766 bound parameters per statement.
      for (let start = 0; start < entries.length; start += 500) {
        const chunk = entries.slice(start, start + 500);
        const rows = chunk.map((entry) => ({ ...prepareRow(job.name, entry, now), id: timeOrderedId() }));
        const inserted = new Set(
          (
            await executor
              .insertInto('jobs')
              .values(rows)
              .onConflict((oc) => oc.doNothing())
              .returning('id')
              .execute()
          ).map((r) => r.id),
        );
        for (const [i, row] of rows.entries()) {
          // A unique key already taken: the one-by-one path returns the existing job (or retries).
          const entry = chunk[i] as JobEntry<Payload>;
          ids.push(inserted.has(row.id) ? row.id : await queue.enqueue(executor, { ...entry, job }));
        }
        if (inserted.size > 0) await store.notify(executor, jobsChannel);
      }
      return ids;
    },

    async enqueue(executor, job) {
      const row = prepareRow(job.job.name, job, clock.now());
      for (let attempt = 0; attempt < 3; attempt++) {
        const id = timeOrderedId();
        const inserted = await executor
          .insertInto('jobs')
          .values({ ...row, id })
          // Only the partial unique index on unique_key can conflict (ids are random UUIDs).
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 1n) {
          await store.notify(executor, jobsChannel);
          log.debug({ jobId: id, job: row.name, runAt: row.run_at }, 'job enqueued');
          return id;
        }
        const existing = await executor
          .selectFrom('jobs')
          .select('id')
          .where('unique_key', '=', row.unique_key)
          .where('status', 'in', ['pending', 'running'])
          .executeTakeFirst();
        if (existing !== undefined) return existing.id;
        // The conflicting job finished between our insert and our select: try again.
      }
      throw JobEnqueueConflict.create({ name: row.name, uniqueKey: row.unique_key ?? '' });
    },

    async getJob(id) {
      const row = await store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toJobRecord(row);
    },

    async getQueueStats() {
      const now = clock.now();
      const counts = await store.db
        .selectFrom('jobs')
        .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
        .groupBy('status')
        .execute();
      const oldest = await store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.min('run_at').as('run_at'))
        .where('status', '=', 'pending')
        .where('run_at', '<=', now.toISOString())
        .executeTakeFirst();
      const byStatus: Record<JobStatus, number> = { pending: 0, running: 0, dead: 0 };
      for (const { status, count } of counts) byStatus[status] = Number(count);
      const oldestRunAt = oldest?.run_at ?? null;
      return {
        byStatus,
        oldestPendingAgeMs: oldestRunAt === null ? null : now.getTime() - new Date(oldestRunAt).getTime(),
      };
    },

    subscribe: (onWake) => store.listen(jobsChannel, () => onWake()),
  };
  return queue;
}

function prepareRow(name: string, job: JobEntry<unknown>, now: Date) {
  assertJobName(name);
  const invalid = (problem: string) => JobOptionsInvalid.create({ name, problem });
  let payload: string | undefined;
  try {
    payload = JSON.stringify(job.payload);
  } catch (error) {
    throw invalid(
      `payload is not JSON-serialisable (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (payload === undefined) throw invalid('payload is not JSON-serialisable');
  if (job.runAt !== undefined && job.delayMs !== undefined) throw invalid('give runAt or delayMs, not both');
  if (job.runAt !== undefined && Number.isNaN(job.runAt.getTime()))
    throw invalid('runAt is not a valid date');
  if (job.delayMs !== undefined && !(Number.isFinite(job.delayMs) && job.delayMs >= 0)) {
    throw invalid('delayMs must be a finite number ≥ 0');
  }
  const maxAttempts = job.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw invalid('maxAttempts must be an integer ≥ 1');
  if (job.uniqueKey !== undefined && job.uniqueKey === '') throw invalid('uniqueKey must not be empty');
  const runAt = job.runAt ?? new Date(now.getTime() + (job.delayMs ?? 0));
  const nowText = now.toISOString();
  return {
    name,
    payload,
    status: 'pending' as const,
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: runAt.toISOString(),
    unique_key: job.uniqueKey ?? null,
    locked_by: null,
    lease_until: null,
    last_error_code: null,
    last_error_message: null,
    last_error_stack: null,
    created_at: nowText,
    updated_at: nowText,
    finished_at: null,
  };
}
