/** Limits Graph traffic per mailbox: requests in flight, and requests started within a sliding window. */
export interface MailboxLimiter {
  /** Waits for a slot for `mailbox`, runs `work`, and frees the slot. Queues; never fails for lack of a slot. */
  run<T>(mailbox: string, work: () => Promise<T>): Promise<T>;
  /** Requests in flight and waiting, per mailbox. */
  snapshot(): Record<string, { inFlight: number; waiting: number }>;
}

interface Lane {
  inFlight: number;
  waiting: Array<() => void>;
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

  const acquire = async (lane: Lane): Promise<void> => {
    for (;;) {
      if (lane.inFlight < maxConcurrent) {
        const waitMs = budgetWaitMs(lane);
        if (waitMs <= 0) {
          lane.inFlight += 1;
          lane.startedAt.push(now());
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    }
  };

  const release = (mailbox: string, lane: Lane): void => {
    lane.inFlight -= 1;
    const next = lane.waiting.shift();
    if (next) next();
    else if (lane.inFlight === 0 && lane.startedAt.length === 0) lanes.delete(mailbox);
  };

  return {
    async run(mailbox, work) {
      const lane = laneOf(mailbox.toLowerCase());
      await acquire(lane);
      try {
        return await work();
      } finally {
        release(mailbox.toLowerCase(), lane);
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
