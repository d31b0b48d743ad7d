import type { Logger } from '../shared/index.js';
import type { Kysely } from 'kysely';
import type { Database, JobStatus, Store } from '../store/index.js';
import type { JobDefinition } from './job-definition.js';

/** The part of a store the job queue, workers and scheduler use. */
export type JobStore = Pick<Store, 'dialect' | 'db' | 'transaction' | 'notify' | 'listen'>;

/** When and how often a job runs, and what makes it unique; given with its payload. */
interface JobOptions {
  /** Earliest time to run; default now. Do not combine with `delayMs`. */
  runAt?: Date;
  /** Earliest time to run, relative to now. */
  delayMs?: number;
  /** While a pending or running job has this key, enqueueing another returns the existing job's id. */
  uniqueKey?: string;
  /** Runs allowed before the job is dead (default 10). */
  maxAttempts?: number;
}

/** One job of a kind known from elsewhere (`enqueueMany`): its payload and options. */
export interface JobEntry<Payload> extends JobOptions {
  /** JSON-serialisable; handed to the handler after a JSON round trip (and the job's parser). */
  payload: Payload;
}

/** A job to enqueue: a kind defined with `defineJob` and a payload of its type. */
export interface NewJob<Payload> extends JobEntry<NoInfer<Payload>> {
  job: JobDefinition<Payload>;
}

/** A job as stored; finished jobs are deleted, so a job is pending, running or dead. */
export interface JobRecord {
  id: string;
  name: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  uniqueKey: string | null;
  lockedBy: string | null;
  leaseUntil: Date | null;
  lastError: JobError | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The last error a job's handler threw. */
export interface JobError {
  /** Our coded error's code, when it was one. */
  code: string | null;
  message: string;
  stack: string | null;
}

/** What a handler learns about the job it runs. */
export interface JobContext {
  jobId: string;
  name: string;
  /** 1 for the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when this worker lost the job's lease (another worker may run it again): stop soon. */
  signal: AbortSignal;
  log: Logger;
  /**
   * Deletes this job in the handler's own transaction, so the job ends in the same commit as its effect instead of
   * one commit later (each commit is a WAL write, an fsync on PostgreSQL: bench P3). The worker then does not
   * complete it again; if that transaction rolls back, the handler throws and the job is retried as usual.
   * Optional so that hand-built contexts in tests need not provide it.
   */
  completeIn?(trx: Kysely<Database>): Promise<void>;
}

/**
 * Does the work of one job from its stored payload; throwing schedules a retry (or kills the job after its last
 * attempt). Build one with `handleJob`, which reads the payload into the job's type first.
 */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** Queue depth for metrics and the status page. */
export interface QueueStats {
  byStatus: Record<JobStatus, number>;
  /** Age of the oldest pending job that is due (its `runAt` has passed); null when none is waiting. */
  oldestPendingAgeMs: number | null;
}
