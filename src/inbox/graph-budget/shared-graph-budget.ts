import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { GraphBudgetUnavailable } from '../../errors/index.js';
import { createMailboxLimiter, tenantWideKey, type MailboxLimiter } from '../../graph/index.js';
import type { Clock, Logger } from '../../shared/index.js';
import type { Store, Subscription } from '../../store/index.js';
import {
  ensureLane,
  laneKeyOf,
  parseRelease,
  pruneBuckets,
  releaseSlots,
  renewSlots,
  slotsChannel,
  tryAcquireSlots,
  type AcquireOutcome,
  type LaneKey,
} from './slot-leases.js';

/** Tunables of the shared budget; the defaults are Graph's limits and a 30 s lease. */
interface SharedGraphBudgetOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  instanceId?: string;
  maxConcurrent?: number;
  budget?: { requests: number; windowMs: number };
  /** A crashed instance's slots are free again after this; a running request renews at a third of it. */
  leaseMs?: number;
  /** Safety poll while waiting, in case a release notification is lost. */
  pollMs?: number;
}

/** Graph's per-mailbox limits held across every instance on one PostgreSQL. */
export interface SharedGraphBudget {
  /** The limiter of one app registration (its client id), for `createGraphClient({ limiter })`. */
  limiterFor(clientId: string): MailboxLimiter;
  /** Requests granted and SQL statements spent on them (about 2 per request while slots are free). */
  stats(): { requests: number; statements: number };
  /** Stops listening and fails requests still waiting for a slot; slots in use are released as they finish. */
  close(): Promise<void>;
}

interface Waiter {
  slots: number;
  resolve: (holder: string) => void;
  reject: (error: Error) => void;
}

interface Lane {
  key: LaneKey;
  ready: Promise<void> | null;
  queue: Waiter[];
  pumping: boolean;
  again: boolean;
  timer: NodeJS.Timeout | undefined;
  prunedBucket: string | null;
  /** A short recheck is scheduled (after a release that left too few slots free). */
  soon: boolean;
}

const maxImmediateRetries = 3;
const recheckMs = 20;

const stopping = (mailbox: string) =>
  GraphBudgetUnavailable.create({ mailbox, reason: 'the process is stopping' });

/** The database error stays the cause (for the log); the message never quotes it. */
function failAll(lane: Lane, cause: unknown): void {
  const reason = 'the database holding the shared budget could not be reached';
  for (const waiter of lane.queue.splice(0))
    waiter.reject(GraphBudgetUnavailable.create({ mailbox: lane.key.mailbox, reason }, { cause }));
}

/**
 * Slot leases in PostgreSQL, behind the in-memory limiter: the process keeps its FIFO order and never asks the
 * database for more slots than the mailbox allows, and the database decides across instances. A request costs
 * two statements when a slot is free (acquire, release); a waiting instance wakes on the release's NOTIFY.
 */
export async function createSharedGraphBudget(options: SharedGraphBudgetOptions): Promise<SharedGraphBudget> {
  const { store, clock, log } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const maxConcurrent = options.maxConcurrent ?? 4;
  const budget = options.budget ?? { requests: 10_000, windowMs: 10 * 60_000 };
  const bucketMs = Math.max(1, Math.floor(budget.windowMs / 10));
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const lanes = new Map<string, Lane>();
  let closed = false;
  const counts = { requests: 0, statements: 0 };
  const counted = <T>(statement: Promise<T>): Promise<T> => {
    counts.statements += 1;
    return statement;
  };

  const laneOf = (key: LaneKey): Lane => {
    const id = laneKeyOf(key);
    let lane = lanes.get(id);
    if (!lane) {
      lane = {
        key,
        ready: null,
        queue: [],
        pumping: false,
        again: false,
        timer: undefined,
        prunedBucket: null,
        soon: false,
      };
      lanes.set(id, lane);
    }
    return lane;
  };

  const iso = (ms: number) => new Date(ms).toISOString();

  const attempt = async (lane: Lane, waiter: Waiter, holder: string) => {
    const nowMs = clock.now().getTime();
    const bucket = iso(Math.floor(nowMs / bucketMs) * bucketMs);
    // A bucket still counts while any part of it lies inside the window (conservative by one bucket).
    const countedAfter = iso(nowMs - budget.windowMs - bucketMs);
    if (lane.prunedBucket !== bucket) {
      lane.prunedBucket = bucket;
      await counted(pruneBuckets(store, lane.key, countedAfter));
    }
    return counted(
      tryAcquireSlots(store, {
        ...lane.key,
        slots: waiter.slots,
        maxConcurrent,
        holder,
        now: iso(nowMs),
        leaseUntil: iso(nowMs + leaseMs),
        bucket,
        countedAfter,
        budgetRequests: budget.requests,
      }),
    );
  };

  // Over budget only time helps (a release frees no budget); otherwise a lease may end before any NOTIFY comes.
  const waitMsAfter = (outcome: AcquireOutcome): number => {
    const nowMs = clock.now().getTime();
    if (outcome.overBudget && outcome.oldestBucket)
      return Math.max(1, Date.parse(outcome.oldestBucket) + budget.windowMs + bucketMs - nowMs + 1);
    const untilExpiry = outcome.nextExpiry ? Date.parse(outcome.nextExpiry) - nowMs + 1 : pollMs;
    return Math.max(1, Math.min(pollMs, untilExpiry));
  };

  // Grants the lane's waiters in order until one has to wait; then waits for a NOTIFY, a lease end or the poll.
  const pump = async (lane: Lane): Promise<void> => {
    if (lane.pumping) {
      lane.again = true;
      return;
    }
    lane.pumping = true;
    clearTimeout(lane.timer);
    lane.timer = undefined;
    lane.soon = false;
    try {
      do {
        lane.again = false;
        let retries = 0;
        for (let head = lane.queue[0]; head && !closed; head = lane.queue[0]) {
          const holder = `${instanceId}/${randomUUID()}`;
          const outcome = await attempt(lane, head, holder);
          if (outcome.granted) {
            lane.queue.shift();
            counts.requests += 1;
            head.resolve(holder);
            retries = 0;
          } else if (outcome.contended && retries < maxImmediateRetries) {
            retries += 1;
          } else {
            if (!lane.again) lane.timer = setTimeout(() => void pump(lane), waitMsAfter(outcome));
            break;
          }
        }
      } while (lane.again && !closed);
    } catch (error) {
      // The database is unreachable: the waiting requests fail (their jobs retry), none runs unlimited.
      failAll(lane, error);
    } finally {
      lane.pumping = false;
    }
  };

  const acquire = (key: LaneKey, slots: number): Promise<string> => {
    if (closed) return Promise.reject(stopping(key.mailbox));
    const lane = laneOf(key);
    lane.ready ??= counted(ensureLane(store, key, maxConcurrent)).catch((error: unknown) => {
      lane.ready = null;
      throw error;
    });
    const ready = lane.ready;
    return new Promise<string>((resolve, reject) => {
      lane.queue.push({ slots, resolve, reject });
      ready.then(
        () => void pump(lane),
        (error: unknown) => failAll(lane, error),
      );
    });
  };

  const hold = async <T>(key: LaneKey, slots: number, work: () => Promise<T>): Promise<T> => {
    const holder = await acquire(key, slots);
    const renewal = setInterval(
      () => {
        counted(renewSlots(store, key, holder, iso(clock.now().getTime() + leaseMs))).catch(
          (error: unknown) =>
            log.warn({ err: error, mailbox: key.mailbox }, 'renewing a Graph slot lease failed'),
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      // A failed release is not the request's failure: the lease ends on its own.
      // The release's NOTIFY reaches this process too: it wakes the waiters here as everywhere else.
      const now = iso(clock.now().getTime());
      await counted(releaseSlots(store, key, { holder, now, maxConcurrent })).catch((error: unknown) =>
        log.warn({ err: error, mailbox: key.mailbox }, 'releasing a Graph slot lease failed'),
      );
    }
  };

  const subscription: Subscription = await store.listen(slotsChannel, (payload) => {
    // '' after a reconnection: notifications may have been lost.
    const release = payload === '' ? null : parseRelease(payload);
    if (!release) {
      for (const lane of lanes.values()) if (lane.queue.length > 0) void pump(lane);
      return;
    }
    const lane = lanes.get(release.laneKey);
    const head = lane?.queue[0];
    if (!lane || !head) return;
    if (head.slots <= release.freeSlots) void pump(lane);
    // The count may miss a release committed at the same moment: look again soon, once for a burst of them.
    else if (!lane.pumping && !lane.soon) {
      clearTimeout(lane.timer);
      lane.soon = true;
      lane.timer = setTimeout(() => void pump(lane), recheckMs);
    }
  });

  return {
    limiterFor(clientId) {
      const local = createMailboxLimiter({ maxConcurrent, budget });
      return {
        run(mailbox, work, slots = 1) {
          const taken = Math.max(1, Math.min(maxConcurrent, Math.floor(slots)));
          // Graph's limits are per mailbox: a call charged to none is limited in this process only.
          if (mailbox === tenantWideKey) return local.run(mailbox, work, taken);
          const key = { clientId: clientId.toLowerCase(), mailbox: mailbox.toLowerCase() };
          return local.run(mailbox, () => hold(key, taken, work), taken);
        },
        snapshot: () => local.snapshot(),
      };
    },
    stats: () => ({ ...counts }),
    async close() {
      if (closed) return;
      closed = true;
      await subscription.close();
      for (const lane of lanes.values()) {
        clearTimeout(lane.timer);
        for (const waiter of lane.queue.splice(0)) waiter.reject(stopping(lane.key.mailbox));
      }
    },
  };
}
