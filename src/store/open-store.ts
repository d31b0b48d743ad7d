import { StoreUrlUnsupported } from '../errors/index.js';
import type { Logger } from '../shared/index.js';
import { redactDatabaseUrl, resolveDatabaseTarget } from './database-url.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store-types.js';

/** How to open a store. */
interface OpenStoreOptions {
  /** `postgres://…` for PostgreSQL; null or empty for SQLite at `<dataDir>/ms-inbox.db`. */
  databaseUrl: string | null;
  dataDir: string;
  log: Logger;
  /** Most connections the PostgreSQL pool opens (default 10). */
  poolSize?: number;
}

/** Opens SQLite (default) or PostgreSQL and checks that it answers; migrations are run separately. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const target = resolveDatabaseTarget(options.databaseUrl, options.dataDir);
  if (target === null) {
    throw StoreUrlUnsupported.create({ location: redactDatabaseUrl(options.databaseUrl ?? '') });
  }
  const log = options.log.child({ module: 'store' });
  if (target.dialect === 'sqlite') return openSqliteStore({ filename: target.filename, log });
  return openPostgresStore({ url: target.url, log, poolSize: options.poolSize ?? 10 });
}
