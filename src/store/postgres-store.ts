import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { StoreUnreachable } from '../errors/index.js';
import type { Logger } from '../shared/index.js';
import type { Database } from './database.js';
import { redactDatabaseUrl, redactPasswordIn } from './database-url.js';
import { assertChannelName } from './notification-channel.js';
import { listenOnPostgres } from './postgres-listener.js';
import type { StatementCounter } from './statement-counter.js';
import type { Store, Subscription } from './store-types.js';

/** Opens a pg pool on `url`, checks one connection, and wraps it in Kysely. */
export async function openPostgresStore(options: {
  url: string;
  log: Logger;
  poolSize: number;
  counter?: StatementCounter | null;
}): Promise<Store> {
  const { url, log, counter = null } = options;
  const location = redactDatabaseUrl(url);
  const unreachable = (error: unknown) =>
    StoreUnreachable.create(
      { location, reason: redactPasswordIn(error instanceof Error ? error.message : String(error), url) },
      { cause: error },
    );

  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, connectionTimeoutMillis: 10_000 });
  // An idle pooled connection that dies emits 'error' on the pool; unhandled, it would crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw unreachable(error);
  }

  const dialect = new PostgresDialect({ pool });
  const db = new Kysely<Database>({ dialect: counter ? counter.wrap(dialect) : dialect });
  const subscriptions = new Set<Subscription>();
  let closed = false;
  log.debug({ location }, 'PostgreSQL store opened');

  return {
    dialect: 'postgres',
    db,
    location,
    transaction: (fn) => db.transaction().execute(fn),
    async notify(executor, channel, payload = '') {
      assertChannelName(channel);
      await sql`select pg_notify(${channel}, ${payload})`.execute(executor);
    },
    async listen(channel, onNotify) {
      assertChannelName(channel);
      let subscription: Subscription;
      try {
        subscription = await listenOnPostgres({
          createConnection: () => new pg.Client({ connectionString: url }),
          channel,
          onNotify,
          log,
        });
      } catch (error) {
        throw unreachable(error);
      }
      subscriptions.add(subscription);
      return {
        close: async () => {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },
    statementCounts: () => counter?.counts() ?? null,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
      subscriptions.clear();
      await db.destroy();
    },
  };
}
