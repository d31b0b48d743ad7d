import { mapGraphFailure, type GraphErrorBody } from './graph-error-mapper.js';
import { maxBatchSize, type BatchItem, type BatchOperations, type BatchResult } from './operations/batch.js';
import { parseRetryAfterMs } from './retry-policy.js';

/** How long a request may wait for company before its `$batch` leaves, per kind of request. */
export interface BatchWindows {
  /** Reads the pipeline waits for (fetching a new mail): short, it is on the path to the ticket. */
  readMs: number;
  /** Writes nobody waits for (disposal after the commit): long, so they travel twenty at a time. */
  writeMs: number;
}

/**
 * Defaults: a read waits at most 100 ms, a disposal at most 250 ms. At 50 mails/s that is about five reads and a
 * dozen disposals per round trip (about 0.3 round trips per mail instead of 2), for at most 100 ms more latency
 * before the handler; a waiting request holds a worker slot, which keeps the windows short.
 */
export const defaultBatchWindows: BatchWindows = { readMs: 100, writeMs: 250 };

interface Pending {
  item: Omit<BatchItem, 'id'>;
  operation: string;
  resolve: (body: unknown) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  queue: Pending[];
  timer: NodeJS.Timeout | null;
  firstQueuedAt: number;
  running: boolean;
}

/**
 * Gathers single Graph requests of one mailbox into `$batch` requests (JSON batching): one HTTP round trip for up
 * to 20 operations. Each lane (mailbox × read/write) has at most one batch in flight, so together with the mailbox
 * limiter the batch never exceeds Outlook's four concurrent requests per mailbox. An item's failure becomes the
 * same coded error a single request would have given; a failed batch fails all of its items.
 */
export function createGraphBatcher(deps: { batch: BatchOperations; windows: BatchWindows }) {
  const lanes = new Map<string, Lane>();

  const settle = (pending: Pending, mailbox: string, result: BatchResult | undefined) => {
    const status = result?.status ?? 0;
    if (result && status >= 200 && status < 300) return pending.resolve(result.body);
    const header = (name: string) => result?.headers?.[name] ?? result?.headers?.[name.toLowerCase()] ?? null;
    pending.reject(
      mapGraphFailure({
        operation: pending.operation,
        mailbox,
        status,
        body: (result?.body as GraphErrorBody | undefined) ?? null,
        requestId: header('request-id'),
        retryAfterMs: parseRetryAfterMs(header('Retry-After'), new Date()) ?? undefined,
      }),
    );
  };

  const schedule = (key: string, mailbox: string, lane: Lane, windowMs: number) => {
    if (lane.running || lane.queue.length === 0) return;
    const dueIn = lane.firstQueuedAt + windowMs - Date.now();
    if (lane.queue.length >= maxBatchSize || dueIn <= 0) {
      void flush(key, mailbox, lane, windowMs);
    } else if (!lane.timer) {
      lane.timer = setTimeout(() => void flush(key, mailbox, lane, windowMs), dueIn);
    }
  };

  const flush = async (key: string, mailbox: string, lane: Lane, windowMs: number) => {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    if (lane.running) return;
    const taken = lane.queue.splice(0, maxBatchSize);
    if (taken.length === 0) return;
    lane.running = true;
    lane.firstQueuedAt = Date.now();
    try {
      const results = await deps.batch.run(
        taken.map((p, i) => ({ ...p.item, id: String(i + 1) })),
        { mailbox },
      );
      taken.forEach((p, i) => settle(p, mailbox, results.get(String(i + 1))));
    } catch (error) {
      for (const p of taken) p.reject(error);
    } finally {
      lane.running = false;
      if (lane.queue.length === 0) lanes.delete(key);
      else schedule(key, mailbox, lane, windowMs);
    }
  };

  return {
    /** Queues one request for the mailbox's next `$batch` and resolves with its answer's body. */
    submit<T>(
      mailbox: string,
      kind: keyof BatchWindows,
      operation: string,
      item: Omit<BatchItem, 'id'>,
    ): Promise<T> {
      const key = `${kind}\u0000${mailbox.toLowerCase()}`;
      const lane = lanes.get(key) ?? { queue: [], timer: null, firstQueuedAt: Date.now(), running: false };
      lanes.set(key, lane);
      if (lane.queue.length === 0 && !lane.running) lane.firstQueuedAt = Date.now();
      const settled = new Promise<T>((resolve, reject) =>
        lane.queue.push({ item, operation, resolve: resolve as (body: unknown) => void, reject }),
      );
      schedule(key, mailbox, lane, deps.windows[kind]);
      return settled;
    },
  };
}

/** The batcher's type. */
export type GraphBatcher = ReturnType<typeof createGraphBatcher>;
