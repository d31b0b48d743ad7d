import { migrateToLatest, type Store } from '../../../src/store/index.js';
import { resetExecutions } from './executions.js';
import type { TestDatabase } from '../test-databases.js';

/** Opens a store of `db`, migrated, with empty queue tables and an empty executions table. */
export async function openQueueStore(db: TestDatabase): Promise<Store> {
  const store = await db.open();
  await migrateToLatest(store);
  await resetQueueTables(store);
  await resetExecutions(store);
  return store;
}

/** Empties the queue tables (tests of one suite share a PostgreSQL database). */
export async function resetQueueTables(store: Pick<Store, 'db'>): Promise<void> {
  await store.db.deleteFrom('jobs').execute();
  await store.db.deleteFrom('scheduled_runs').execute();
}
