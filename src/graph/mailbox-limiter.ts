/** The limiter key of calls charged to no mailbox (subscriptions, `/organization`): limited per process only. */
export const tenantWideKey = '(tenant)';

/** Limits Graph traffic per mailbox: requests in flight, and requests started within a sliding window. */
export interface MailboxLimiter {
  /**
   * Waits for `slots` (default 1) of `mailbox`'s concurrency, runs `work`, and frees them. Queues; never fails
   * for lack of a slot. A `$batch` takes one slot per request Graph runs at once for it.
   */
  run<T>(mailbox: string, work: () => Promise<T>, slots?: number): Promise<T>;
  /** Requests in flight and waiting, per mailbox. */
  snapshot(): Record<string, { inFlight: number; waiting: number }>;
}

interface Lane {
  inFlight: number;
  /** Requests waiting for slots, in arrival order; the releaser grants them (their slots already counted). */
  waiting: Array<{ slots: number; grant: () => void }>;
  startedAt: number[];
}

/**
 * Graph allows 4 concurrent requests and 10,000 requests per 10 minutes per app and mailbox
 * (Outlook service limits, "Limits per mailbox"); one mailbox at its limit must not slow the others.
 */
export function createMailboxLimiter(options: {
  maxConcurrent?: number;
  budget?: { requests: number; windowMs: number };
  now?: () => number;
}): MailboxLimiter {
  const maxConcurrent = options.maxConcurrent ?? 4;
  const budget = options.budget ?? { requests: 10_000, windowMs: 10 * 60_000 };
  const now = options.now ?? Date.now;
  const lanes = new Map<string, Lane>();

  const laneOf = (mailbox: string): Lane => {
    let lane = lanes.get(mailbox);
    if (!lane) {
      lane = { inFlight: 0, waiting: [], startedAt: [] };
      lanes.set(mailbox, lane);
    }
    return lane;
  };

  const budgetWaitMs = (lane: Lane): number => {
    const cutoff = now() - budget.windowMs;
    while (lane.startedAt.length > 0 && (lane.startedAt[0] ?? 0) <= cutoff) lane.startedAt.shift();
    if (lane.startedAt.length < budget.requests) return 0;
    return (lane.startedAt[0] ?? 0) + budget.windowMs - now();
  };

  // Strictly first come, first served: a `$batch` waiting for four slots is not overtaken by single requests.
  const acquire = async (lane: Lane, slots: number): Promise<void> => {
    if (lane.waiting.length === 0 && lane.inFlight + slots <= maxConcurrent) lane.inFlight += slots;
    else await new Promise<void>((resolve) => lane.waiting.push({ slots, grant: resolve }));
    for (let waitMs = budgetWaitMs(lane); waitMs > 0; waitMs = budgetWaitMs(lane)) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    for (let i = 0; i < slots; i += 1) lane.startedAt.push(now());
  };

  const release = (mailbox: string, lane: Lane, slots: number): void => {
    lane.inFlight -= slots;
    for (
      let head = lane.waiting[0];
      head && lane.inFlight + head.slots <= maxConcurrent;
      head = lane.waiting[0]
    ) {
      lane.inFlight += head.slots;
      lane.waiting.shift();
      head.grant();
    }
    if (lane.inFlight === 0 && lane.waiting.length === 0 && lane.startedAt.length === 0)
      lanes.delete(mailbox);
  };

  return {
    async run(mailbox, work, slots = 1) {
      const lane = laneOf(mailbox.toLowerCase());
      const taken = Math.max(1, Math.min(maxConcurrent, Math.floor(slots)));
      await acquire(lane, taken);
      try {
        return await work();
      } finally {
        release(mailbox.toLowerCase(), lane, taken);
      }
    },
    snapshot() {
      return Object.fromEntries(
        [...lanes].map(([mailbox, lane]) => [
          mailbox,
          { inFlight: lane.inFlight, waiting: lane.waiting.length },
        ]),
      );
    },
  };
}
