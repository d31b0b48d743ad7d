import type { Logger } from '../shared/index.js';
import type { Subscription } from './store-types.js';

/** The part of a `pg.Client` a LISTEN connection uses; our own narrow interface, Kysely style. */
interface ListenConnection {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  end(): Promise<void>;
}

/** What a LISTEN subscription needs. */
interface ListenOptions {
  createConnection: () => ListenConnection;
  channel: string;
  onNotify: (payload: string) => void;
  log: Logger;
  /** Longest wait between reconnection attempts (default 5 s). */
  maxRetryDelayMs?: number;
}

/**
 * Holds one dedicated connection in LISTEN (a pooled one would be handed to other queries). When it
 * drops it reconnects with backoff and then calls `onNotify('')` once, because notifications sent
 * while it was away are lost.
 */
export async function listenOnPostgres(options: ListenOptions): Promise<Subscription> {
  const { channel, log } = options;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  let current: ListenConnection | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const deliver = (payload: string): void => {
    try {
      options.onNotify(payload);
    } catch (error) {
      log.error({ err: error, channel }, 'notification listener failed');
    }
  };

  async function connect(): Promise<void> {
    const connection = options.createConnection();
    connection.on('notification', (message) => {
      if (message.channel === channel) deliver(message.payload ?? '');
    });
    connection.on('error', (error) => log.warn({ err: error, channel }, 'LISTEN connection failed'));
    connection.on('end', () => {
      if (current !== connection || closed) return;
      current = undefined;
      scheduleReconnect(0);
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${channel}`);
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await connection.end().catch(() => undefined);
      return;
    }
    current = connection;
  }

  function scheduleReconnect(attempt: number): void {
    if (closed || retryTimer !== undefined) return;
    const delayMs = Math.min(maxRetryDelayMs, 100 * 2 ** attempt);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => {
          log.info({ channel }, 'LISTEN connection restored');
          deliver('');
        },
        (error: unknown) => {
          log.warn({ err: error, channel, attempt }, 'LISTEN reconnection failed');
          scheduleReconnect(attempt + 1);
        },
      );
    }, delayMs);
  }

  await connect();
  return {
    async close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const connection = current;
      current = undefined;
      await connection?.end().catch(() => undefined);
    },
  };
}
