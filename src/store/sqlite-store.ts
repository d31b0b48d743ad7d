import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { StoreUnreachable } from '../errors/index.js';
import type { Logger } from '../shared/index.js';
import type { Database } from './database.js';
import { assertChannelName } from './notification-channel.js';
import { withStatementCache } from './statement-cache.js';
import type { StatementCounter } from './statement-counter.js';
import type { Store, Subscription } from './store-types.js';

/**
 * Opens (creating if needed) the SQLite file with WAL, foreign keys and a 5 s busy timeout. Open one
 * store per file per process: better-sqlite3 is synchronous, so a second connection of the same process
 * that waits for a lock blocks the very thread that would release it.
 */
export async function openSqliteStore(options: {
  filename: string;
  log: Logger;
  counter?: StatementCounter | null;
}): Promise<Store> {
  const { filename, log, counter = null } = options;
  let sqlite: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(filename), { recursive: true });
    sqlite = new BetterSqlite3(filename);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw StoreUnreachable.create({ location: filename, reason: messageOf(error) }, { cause: error });
  }
  // Kysely runs every query of this store through this one connection, one at a time; a transaction
  // holds it until commit. That is what makes the in-process notify below safe to send early.
  const dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  const db = new Kysely<Database>({ dialect: counter ? counter.wrap(dialect) : dialect });
  const signals = new EventEmitter();
  signals.setMaxListeners(0);
  let closed = false;
  log.debug({ filename }, 'SQLite store opened');

  return {
    dialect: 'sqlite',
    db,
    location: filename,
    transaction: (fn) => db.transaction().execute(fn),
    async notify(_executor, channel, payload = '') {
      assertChannelName(channel);
      signals.emit(channel, payload);
    },
    async listen(channel, onNotify): Promise<Subscription> {
      assertChannelName(channel);
      const listener = (payload: string): void => {
        try {
          onNotify(payload);
        } catch (error) {
          log.error({ err: error, channel }, 'notification listener failed');
        }
      };
      signals.on(channel, listener);
      return {
        close: async () => {
          signals.off(channel, listener);
        },
      };
    },
    statementCounts: () => counter?.counts() ?? null,
    async close() {
      if (closed) return;
      closed = true;
      signals.removeAllListeners();
      await db.destroy();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
