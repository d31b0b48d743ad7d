import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { StatementCounts } from './statement-counter.js';

/** The SQL dialect behind a store. */
type StoreDialect = 'sqlite' | 'postgres';

/** An open LISTEN (or in-process) subscription; close it to stop receiving. */
export interface Subscription {
  close(): Promise<void>;
}

/** An open database: Kysely plus the few dialect-specific services modules need. */
export interface Store {
  readonly dialect: StoreDialect;
  readonly db: Kysely<Database>;
  /** Where the data lives, safe to log: the SQLite file or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * Wakes the listeners of `channel`. PostgreSQL: `pg_notify` on `executor`, so inside a transaction it is
   * delivered on commit and never on rollback. SQLite: an in-process signal, sent at once.
   */
  notify(executor: Kysely<Database>, channel: string, payload?: string): Promise<void>;
  /** Calls `onNotify` for every notification on `channel` (PostgreSQL: a dedicated LISTEN connection). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<Subscription>;
  /** What SQL ran since the store opened, or null unless it was opened with `countStatements`. */
  statementCounts(): StatementCounts | null;
  /** Closes listeners and connections; calling it twice is harmless. */
  close(): Promise<void>;
}
