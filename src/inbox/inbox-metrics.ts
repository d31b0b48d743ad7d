/** In-process counters of the pipeline; `/metrics` exports them. */
export interface InboxMetrics {
  notificationsReceived: Record<string, number>;
  securityEvents: number;
  /** Arrival (Graph receivedDateTime) to Processed, in ms, most recent last (bounded). */
  latenciesMs: number[];
  /** Latencies recorded since start (the list above is bounded). */
  latencyCount: number;
  count(outcome: string, n?: number): void;
  recordLatency(ms: number): void;
}

/** Creates empty pipeline counters. */
export function createInboxMetrics(): InboxMetrics {
  const metrics: InboxMetrics = {
    notificationsReceived: {},
    securityEvents: 0,
    latenciesMs: [],
    latencyCount: 0,
    count(outcome, n = 1) {
      metrics.notificationsReceived[outcome] = (metrics.notificationsReceived[outcome] ?? 0) + n;
      if (outcome === 'rejected') metrics.securityEvents += n;
    },
    recordLatency(ms) {
      metrics.latenciesMs.push(ms);
      metrics.latencyCount += 1;
      if (metrics.latenciesMs.length > 10_000) metrics.latenciesMs.splice(0, 5_000);
    },
  };
  return metrics;
}
