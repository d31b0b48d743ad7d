import { mapGraphFailure, type GraphErrorBody } from './graph-error-mapper.js';
import type { GraphRequest } from './graph-http.js';
import {
  maxBatchSize,
  toBatchItem,
  type BatchItem,
  type BatchOperations,
  type BatchResult,
} from './operations/batch.js';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy.js';

/** How long a request may wait for company before its `$batch` leaves, per kind of request. */
export interface BatchWindows {
  /** Reads the pipeline waits for (fetching a new mail): short, it is on the path to the ticket. */
  readMs: number;
  /** Writes nobody waits for (disposal after the commit): longer, so more of them share a round trip. */
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
  attempt: number;
  /** Not sent before this moment (a throttled item waits out its Retry-After). */
  notBefore: number;
  /** The lane leaves at the earliest `dueAt` of its items: the end of a new item's window, or its retry time. */
  dueAt: number;
}

interface Lane {
  queue: Pending[];
  timer: NodeJS.Timeout | null;
  running: boolean;
}

const retryableStatus = (status: number) => status === 429 || status === 503 || status === 504;

/**
 * Gathers single Graph requests of one mailbox into `$batch` requests (JSON batching): one HTTP round trip for up
 * to 20 operations. Each lane (mailbox × read/write) has at most one batch in flight, so together with the mailbox
 * limiter the batches never exceed Outlook's four concurrent requests per mailbox. A throttled item waits out its
 * own Retry-After and rejoins a later batch, without holding back the others. An item's failure becomes the same
 * coded error a single request would have given; a failed batch fails all of its items.
 */
export function createGraphBatcher(deps: {
  batch: BatchOperations;
  windows: BatchWindows;
  retry: RetryPolicy;
}) {
  const lanes = new Map<string, Lane>();

  const header = (result: BatchResult | undefined, name: string) =>
    result?.headers?.[name] ?? result?.headers?.[name.toLowerCase()] ?? null;

  /** Resolves, rejects, or (throttled, attempts left) puts the item back with its retry time. */
  const settle = (lane: Lane, pending: Pending, mailbox: string, result: BatchResult | undefined) => {
    const status = result?.status ?? 0;
    if (result && status >= 200 && status < 300) return pending.resolve(result.body);
    const retryAfterMs = parseRetryAfterMs(header(result, 'Retry-After'), new Date());
    if (retryableStatus(status) && pending.attempt < deps.retry.maxAttempts) {
      const waitMs = Math.min(
        deps.retry.maxDelayMs,
        retryAfterMs ?? backoffDelayMs(pending.attempt, deps.retry),
      );
      pending.attempt += 1;
      pending.notBefore = pending.dueAt = Date.now() + waitMs;
      lane.queue.push(pending);
      return;
    }
    pending.reject(
      mapGraphFailure({
        operation: pending.operation,
        mailbox,
        status,
        body: (result?.body as GraphErrorBody | undefined) ?? null,
        requestId: header(result, 'request-id'),
        retryAfterMs: retryAfterMs ?? undefined,
      }),
    );
  };

  const schedule = (key: string, mailbox: string, lane: Lane) => {
    if (lane.running) return;
    if (lane.queue.length === 0) {
      lanes.delete(key);
      return;
    }
    const now = Date.now();
    const ready = lane.queue.filter((p) => p.notBefore <= now).length;
    const dueAt = Math.min(...lane.queue.map((p) => p.dueAt));
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    if (ready >= maxBatchSize || (ready > 0 && dueAt <= now)) void flush(key, mailbox, lane);
    else lane.timer = setTimeout(() => schedule(key, mailbox, lane), Math.max(1, dueAt - now));
  };

  const flush = async (key: string, mailbox: string, lane: Lane) => {
    const now = Date.now();
    const taken = lane.queue.filter((p) => p.notBefore <= now).slice(0, maxBatchSize);
    lane.queue = lane.queue.filter((p) => !taken.includes(p));
    lane.running = true;
    try {
      const results = await deps.batch.run(
        taken.map((p, i) => ({ ...p.item, id: String(i + 1) })),
        { mailbox, retryItems: false },
      );
      taken.forEach((p, i) => settle(lane, p, mailbox, results.get(String(i + 1))));
    } catch (error) {
      for (const p of taken) p.reject(error);
    } finally {
      lane.running = false;
      schedule(key, mailbox, lane);
    }
  };

  return {
    /** Queues one request for the mailbox's next `$batch` and resolves with its answer's body. */
    submit<T>(mailbox: string, kind: keyof BatchWindows, request: GraphRequest): Promise<T> {
      const { operation } = request;
      const item = toBatchItem(request);
      const key = `${kind}\u0000${mailbox.toLowerCase()}`;
      const lane = lanes.get(key) ?? { queue: [], timer: null, running: false };
      lanes.set(key, lane);
      const now = Date.now();
      const settled = new Promise<T>((resolve, reject) =>
        lane.queue.push({
          item,
          operation,
          resolve: resolve as (body: unknown) => void,
          reject,
          attempt: 1,
          notBefore: now,
          dueAt: now + deps.windows[kind],
        }),
      );
      schedule(key, mailbox, lane);
      return settled;
    },
  };
}

/** The batcher's type. */
export type GraphBatcher = ReturnType<typeof createGraphBatcher>;
