import type { Kysely } from 'kysely';
import type { Store } from '../../../src/store/index.js';

/** One handler run recorded by a test handler. */
export interface ExecutionRow {
  job_id: string;
  worker_id: string;
  attempt: number;
  started_at: string;
}

type ExecutionsDb = Kysely<{ test_executions: ExecutionRow }>;

function executions(store: Pick<Store, 'db'>): ExecutionsDb {
  return store.db.withTables<{ test_executions: ExecutionRow }>() as unknown as ExecutionsDb;
}

/** Creates (or empties) the table where test handlers record every run. */
export async function resetExecutions(store: Pick<Store, 'db'>): Promise<void> {
  const db = executions(store);
  await db.schema
    .createTable('test_executions')
    .ifNotExists()
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .execute();
  await db.deleteFrom('test_executions').execute();
}

/** Records one run of a job. */
export async function recordExecution(store: Pick<Store, 'db'>, row: ExecutionRow): Promise<void> {
  await executions(store).insertInto('test_executions').values(row).execute();
}

/** Every recorded run, oldest first. */
export async function listExecutions(store: Pick<Store, 'db'>): Promise<ExecutionRow[]> {
  return executions(store).selectFrom('test_executions').selectAll().orderBy('started_at').execute();
}

/** Number of recorded runs. */
export async function countExecutions(store: Pick<Store, 'db'>): Promise<number> {
  const row = await executions(store)
    .selectFrom('test_executions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
