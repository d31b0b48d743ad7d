/** Graph's request budget per app and mailbox: so many requests per sliding window (Outlook service limits). */
export interface MailboxBudgetSetting {
  requests: number;
  windowMs: number;
}

/** What the budget said about one request. */
export type BudgetDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts the requests each (app, mailbox) slot was served within the window, in simulated time. */
export interface MailboxBudget {
  /** Whether `slot` may be served now; a request it admits counts at once. */
  admit(slot: string): BudgetDecision;
}

interface Lane {
  /** Start times of the counted requests, oldest first, from `head` on. */
  times: number[];
  head: number;
}

/**
 * Outlook allows 10,000 requests per 10 minutes per app and mailbox (throttling-limits, "Limits per mailbox").
 * Only served requests count: a request answered 429 here does not use the budget up further.
 */
export function createMailboxBudget(setting: MailboxBudgetSetting, now: () => number): MailboxBudget {
  const lanes = new Map<string, Lane>();
  return {
    admit(slot) {
      const at = now();
      let lane = lanes.get(slot);
      if (!lane) {
        lane = { times: [], head: 0 };
        lanes.set(slot, lane);
      }
      while (lane.head < lane.times.length && (lane.times[lane.head] ?? 0) <= at - setting.windowMs) {
        lane.head += 1;
      }
      // Drop the expired prefix now and then, so a long run does not keep every time it ever saw.
      if (lane.head > 1024 && lane.head * 2 > lane.times.length) {
        lane.times = lane.times.slice(lane.head);
        lane.head = 0;
      }
      if (lane.times.length - lane.head >= setting.requests) {
        const oldest = lane.times[lane.head] ?? at;
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + setting.windowMs - at) / 1000)),
        };
      }
      lane.times.push(at);
      return { ok: true };
    },
  };
}
