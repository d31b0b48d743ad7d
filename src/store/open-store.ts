import { StoreUrlUnsupported } from '../errors/index.js';
import type { Logger } from '../shared/index.js';
import { redactDatabaseUrl, resolveDatabaseTarget } from './database-url.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { createStatementCounter } from './statement-counter.js';
import type { Store } from './store-types.js';

/** How to open a store. */
interface OpenStoreOptions {
  /** `postgres://…` for PostgreSQL; null or empty for SQLite at `<dataDir>/ms-inbox.db`. */
  databaseUrl: string | null;
  dataDir: string;
  log: Logger;
  /** Most connections the PostgreSQL pool opens (default 10). */
  poolSize?: number;
  /** Counts statements and commits (`Store.statementCounts`); for the benchmarks, off by default. */
  countStatements?: boolean;
}

/** Opens SQLite (default) or PostgreSQL and checks that it answers; migrations are run separately. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const target = resolveDatabaseTarget(options.databaseUrl, options.dataDir);
  if (target === null) {
    throw StoreUrlUnsupported.create({ location: redactDatabaseUrl(options.databaseUrl ?? '') });
  }
  const log = options.log.child({ module: 'store' });
  const counter = options.countStatements ? createStatementCounter() : null;
  if (target.dialect === 'sqlite') return openSqliteStore({ filename: target.filename, log, counter });
  return openPostgresStore({ url: target.url, log, poolSize: options.poolSize ?? 10, counter });
}
