export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export type { Store, StoreDialect, Subscription } from './store-types.js';
export type { Database, JobsTable, JobStatus, ScheduledRunsTable, ScheduledRunStatus } from './database.js';
export { migrateToLatest, getMigrationState } from './migrate.js';
export type { MigrationState } from './migrate.js';
export { pingStore } from './ping.js';
export { redactDatabaseUrl } from './database-url.js';
export type * from './inbox-tables.js';
