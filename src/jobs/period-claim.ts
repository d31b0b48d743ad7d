import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, ScheduledRunStatus } from '../store/index.js';
import type { JobStore } from './job-types.js';

/** One period of one recurring task. */
interface PeriodKey {
  taskName: string;
  /** ISO-8601 UTC start of the period (the cron occurrence). */
  periodStart: string;
}

/**
 * Claims a period for this instance; true for exactly one instance per period. The primary key
 * (task_name, period_start) is what guarantees it. On PostgreSQL the claim also holds a transaction-level
 * advisory lock on the period, so rival instances give up at once instead of blocking on each other's
 * uncommitted insert.
 */
export async function claimPeriod(
  store: Pick<JobStore, 'dialect' | 'db' | 'transaction'>,
  claim: PeriodKey & { instanceId: string; now: string },
): Promise<boolean> {
  const insert = async (executor: Kysely<Database>) => {
    const result = await executor
      .insertInto('scheduled_runs')
      .values({
        task_name: claim.taskName,
        period_start: claim.periodStart,
        instance_id: claim.instanceId,
        status: 'running',
        claimed_at: claim.now,
        finished_at: null,
        error_message: null,
      })
      .onConflict((oc) => oc.columns(['task_name', 'period_start']).doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows === 1n;
  };
  // SQLite: one autocommit statement, which better-sqlite3 runs synchronously, so no lock is ever held
  // across an await (a second connection of the same process would block the thread holding it).
  if (store.dialect === 'sqlite') return insert(store.db);
  return store.transaction(async (trx) => {
    const key = advisoryLockKey(`msi.scheduler:${claim.taskName}@${claim.periodStart}`);
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(cast(${key} as bigint)) as locked`.execute(trx);
    return rows[0]?.locked === true && (await insert(trx));
  });
}

/** Records how a claimed period ended. */
export async function finishPeriod(
  db: Kysely<Database>,
  key: PeriodKey,
  outcome: { status: Exclude<ScheduledRunStatus, 'running'>; now: string; errorMessage: string | null },
): Promise<void> {
  await db
    .updateTable('scheduled_runs')
    .set({ status: outcome.status, finished_at: outcome.now, error_message: outcome.errorMessage })
    .where('task_name', '=', key.taskName)
    .where('period_start', '=', key.periodStart)
    .execute();
}

/** Deletes a task's claimed periods that started before `before`. */
export async function pruneScheduledRuns(
  db: Kysely<Database>,
  taskName: string,
  before: string,
): Promise<void> {
  await db
    .deleteFrom('scheduled_runs')
    .where('task_name', '=', taskName)
    .where('period_start', '<', before)
    .execute();
}

/** A signed 64-bit advisory lock key (decimal text) derived from `text`. */
export function advisoryLockKey(text: string): string {
  return createHash('sha256').update(text).digest().readBigInt64BE(0).toString();
}
