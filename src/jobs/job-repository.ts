import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database, JobsTable } from '../store/index.js';
import type { JobError, JobRecord, JobStore } from './job-types.js';

/** A job this worker has just claimed. */
export interface ClaimedJob {
  id: string;
  name: string;
  /** JSON text. */
  payload: string;
  /** This run's number, 1 for the first; with the worker id it fences every later write. */
  attempts: number;
  maxAttempts: number;
}

type Db = Kysely<Database>;
const maxErrorTextLength = 8_000;

/**
 * Marks up to `limit` due jobs as running under this worker's lease. A job is due when it is pending and its time
 * has come, or running under a lease that expired (its worker died). Each kind is one index range read: one query
 * with `OR` across both made SQLite collect and sort every due job on every claim, about 1 ms per claim with a
 * backlog of 6,000 (bench P3). Expired leases are looked for first when `includeExpired` (the worker asks now and
 * then, so a steady backlog cannot starve them), else only when the pending jobs do not fill `limit`.
 */
export async function claimJobs(
  store: Pick<JobStore, 'dialect' | 'db'>,
  claim: { workerId: string; limit: number; now: string; leaseUntil: string; includeExpired?: boolean },
): Promise<ClaimedJob[]> {
  const expiredJobs = (limit: number) =>
    claimWhere(store, claim, limit, (q) =>
      q
        .where('status', '=', 'running')
        .where('lease_until', '<=', claim.now)
        .whereRef('attempts', '<', 'max_attempts')
        .orderBy('lease_until'),
    );
  const pendingJobs = (limit: number) =>
    claimWhere(store, claim, limit, (q) =>
      // Ties (jobs of one transaction) in index order; no sort of the backlog by id.
      q.where('status', '=', 'pending').where('run_at', '<=', claim.now).orderBy('run_at'),
    );
  const first = claim.includeExpired !== false ? await expiredJobs(claim.limit) : [];
  const pending = first.length < claim.limit ? await pendingJobs(claim.limit - first.length) : [];
  const claimed = [...first, ...pending];
  if (claim.includeExpired === false && claimed.length < claim.limit) {
    claimed.push(...(await expiredJobs(claim.limit - claimed.length)));
  }
  return claimed;
}

/**
 * Claims one job by id with the same atomic UPDATE as `claimJobs`: only when it is due (pending and its time has
 * come) or its lease expired with attempts left. Undefined when another worker holds it, or it finished or died.
 */
export async function claimJobById(
  store: Pick<JobStore, 'dialect' | 'db'>,
  claim: { id: string; workerId: string; now: string; leaseUntil: string },
): Promise<ClaimedJob | undefined> {
  const [job] = await claimWhere(store, claim, 1, (q) =>
    q
      .where('id', '=', claim.id)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', claim.now)]),
          eb.and([
            eb('status', '=', 'running'),
            eb('lease_until', '<=', claim.now),
            eb('attempts', '<', eb.ref('max_attempts')),
          ]),
        ]),
      ),
  );
  return job;
}

type CandidateQuery = SelectQueryBuilder<Database, 'jobs', { id: string }>;

async function claimWhere(
  store: Pick<JobStore, 'dialect' | 'db'>,
  claim: { workerId: string; now: string; leaseUntil: string },
  limit: number,
  filter: (query: CandidateQuery) => CandidateQuery,
): Promise<ClaimedJob[]> {
  const { db } = store;
  let candidates = filter(db.selectFrom('jobs').select('id')).limit(limit);
  // SKIP LOCKED lets concurrent workers each take different rows instead of queueing behind one
  // another's row locks. SQLite has no row locks: its single writer makes the UPDATE atomic anyway.
  if (store.dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
  const rows = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: claim.workerId,
      lease_until: claim.leaseUntil,
      updated_at: claim.now,
    }))
    .where('id', 'in', candidates)
    .returning(['id', 'name', 'payload', 'attempts', 'max_attempts'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
  }));
}

type Owned = Pick<ClaimedJob, 'id' | 'attempts'>;

function ownedBy(job: Owned, workerId: string) {
  return { id: job.id, attempts: job.attempts, locked_by: workerId, status: 'running' as const };
}

/** Pushes the lease of a job this worker still owns; false when the lease was lost. */
export async function extendLease(
  db: Db,
  job: Owned,
  workerId: string,
  times: { now: string; leaseUntil: string },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: times.leaseUntil, updated_at: times.now })
    .where((eb) => eb.and(ownedBy(job, workerId)))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Deletes a job that succeeded; false when this worker no longer owned it. */
export async function completeJob(db: Db, job: Owned, workerId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('jobs')
    .where((eb) => eb.and(ownedBy(job, workerId)))
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Records a failure: pending again at `retryAt`, or dead when `retryAt` is null. */
export async function failJob(
  db: Db,
  job: Owned,
  workerId: string,
  failure: { now: string; error: JobError; retryAt: string | null },
): Promise<boolean> {
  const { now, error, retryAt } = failure;
  const result = await db
    .updateTable('jobs')
    .set({
      status: retryAt === null ? 'dead' : 'pending',
      run_at: retryAt ?? now,
      locked_by: null,
      lease_until: null,
      last_error_code: error.code,
      last_error_message: error.message.slice(0, maxErrorTextLength),
      last_error_stack: error.stack?.slice(0, maxErrorTextLength) ?? null,
      updated_at: now,
      finished_at: retryAt === null ? now : null,
    })
    .where((eb) => eb.and(ownedBy(job, workerId)))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Running jobs whose lease expired on their last allowed attempt: nobody may claim them again. */
export async function findAbandonedLastAttempts(db: Db, now: string) {
  return db
    .selectFrom('jobs')
    .select(['id', 'attempts', 'locked_by'])
    .where('status', '=', 'running')
    .where('lease_until', '<=', now)
    .whereRef('attempts', '>=', 'max_attempts')
    .execute();
}

/** Earliest future moment something may become claimable for this worker: a run time or a foreign lease end. */
export async function findNextWakeAt(db: Db, workerId: string): Promise<string | null> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('jobs')
        .select((e) => e.fn.min('run_at').as('at'))
        .where('status', '=', 'pending')
        .as('next_run_at'),
      eb
        .selectFrom('jobs')
        .select((e) => e.fn.min('lease_until').as('at'))
        .where('status', '=', 'running')
        .where('locked_by', '!=', workerId)
        .whereRef('attempts', '<', 'max_attempts')
        .as('next_lease_end'),
    ])
    .executeTakeFirst();
  const candidates = [row?.next_run_at, row?.next_lease_end].filter(
    (v): v is string => typeof v === 'string',
  );
  return candidates.length === 0 ? null : candidates.reduce((a, b) => (a < b ? a : b));
}

/** Maps a stored row to the public shape. */
export function toJobRecord(row: Selectable<JobsTable>): JobRecord {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    name: row.name,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: new Date(row.run_at),
    uniqueKey: row.unique_key,
    lockedBy: row.locked_by,
    leaseUntil: date(row.lease_until),
    lastError:
      row.last_error_message === null
        ? null
        : { code: row.last_error_code, message: row.last_error_message, stack: row.last_error_stack },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    finishedAt: date(row.finished_at),
  };
}
