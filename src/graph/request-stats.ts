/** Counts of Graph traffic, read by metrics and benchmarks. */
export interface GraphRequestStats {
  record(entry: { operation: string; status: number; items?: number }): void;
  recordThrottleWait(waitMs: number): void;
  snapshot(): {
    byOperation: Record<string, Record<string, number>>;
    roundTrips: number;
    operations: number;
    throttleWaits: number;
    throttleWaitMs: number;
  };
}

/** Creates an in-memory counter of Graph requests by operation and HTTP status (0 = no answer). */
export function createGraphRequestStats(): GraphRequestStats {
  const byOperation: Record<string, Record<string, number>> = {};
  let roundTrips = 0;
  let operations = 0;
  let throttleWaits = 0;
  let throttleWaitMs = 0;
  return {
    record({ operation, status, items = 1 }) {
      const statuses = (byOperation[operation] ??= {});
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      roundTrips += 1;
      operations += items;
    },
    recordThrottleWait(waitMs) {
      throttleWaits += 1;
      throttleWaitMs += waitMs;
    },
    snapshot: () => ({
      byOperation: structuredClone(byOperation),
      roundTrips,
      operations,
      throttleWaits,
      throttleWaitMs,
    }),
  };
}
