import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { certificateExpiryOf, secretExpiryOf, type AppConfig } from '../config/index.js';
import type { GraphRequestStats } from '../graph/index.js';
import { resourceStates, type Inbox, type ResourceStatus } from '../inbox/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Clock } from '../shared/index.js';
import type { Store } from '../store/index.js';

/** What `/metrics` reads: the pipeline's counters, Graph's request counts, the queue and the database. */
interface MetricsSources {
  inbox: Inbox;
  graphStats: GraphRequestStats;
  queue: Pick<JobQueue, 'getQueueStats'>;
  store: Store;
  config: AppConfig;
  clock: Clock;
}

/**
 * Counters whose totals are kept elsewhere (the pipeline, the Graph client) are re-set from those totals at each
 * scrape: the exposed value is the running total, so Prometheus still sees a monotonic counter.
 */
function setTotals(counter: Counter<string>, totals: Array<[Record<string, string>, number]>): void {
  counter.reset();
  for (const [labels, total] of totals) counter.inc(labels, total);
}

/** Builds the Prometheus registry of a process; values are read when Prometheus scrapes. */
export function createMetricsRegistry(sources: MetricsSources): Registry {
  const registry = new Registry();
  const { inbox, config, clock } = sources;
  const notifications: Counter<string> = new Counter({
    name: 'msi_notifications_received_total',
    help: 'Graph change notification items received, by outcome (accepted, duplicates, rejected, ignored, malformed, lifecycle)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      setTotals(
        notifications,
        Object.entries(inbox.metrics.notificationsReceived).map(([outcome, total]) => [{ outcome }, total]),
      );
    },
  });
  void notifications;

  // One read of every resource's state and health per scrape, shared by the gauges below.
  let scrape: Promise<ResourceStatus[]> | null = null;
  const statuses = () => (scrape ??= inbox.health.list());

  new Gauge({
    name: 'msi_mails',
    help: 'Mails in the ledger by state and resource',
    labelNames: ['state', 'resource'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { row, health } of await statuses()) {
        for (const [state, n] of Object.entries(health.counts)) this.set({ state, resource: row.email }, n);
      }
    },
  });

  new Gauge({
    name: 'msi_resource_state',
    help: 'State of each resource: 1 for its current state (Active, Degraded, Expired, Inactive, Error), 0 for the others',
    labelNames: ['resource', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of await statuses()) {
        for (const state of resourceStates) {
          this.set({ resource: status.row.email, state }, status.state === state ? 1 : 0);
        }
      }
    },
  });

  new Gauge({
    name: 'msi_resource_missed_mails',
    help: 'Mails reconciliation found in the last 24 hours that no notification announced, per resource (any makes it Degraded)',
    labelNames: ['resource'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { row, health } of await statuses()) this.set({ resource: row.email }, health.missed.recent);
    },
  });

  new Gauge({
    name: 'msi_resource_disposal_failures',
    help: 'Processed mails per resource whose removal from the Inbox gave up (e.g. Graph 403 without Mail.ReadWrite)',
    labelNames: ['resource'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { row, health } of await statuses()) {
        this.set({ resource: row.email }, health.disposalFailures.count);
      }
    },
  });

  const latency = new Histogram({
    name: 'msi_mail_latency_seconds',
    help: 'Time from a mail arriving in the mailbox (receivedDateTime) to its handler outcome committed',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  let latencySeen = 0;
  const observeLatencies = () => {
    const all = inbox.metrics.latenciesMs;
    // The pipeline keeps a bounded list; observe what arrived since the last scrape.
    for (const ms of all.slice(
      Math.max(0, all.length - Math.max(0, inbox.metrics.latencyCount - latencySeen)),
    )) {
      latency.observe(ms / 1000);
    }
    latencySeen = inbox.metrics.latencyCount;
  };

  const graphRequests: Counter<string> = new Counter({
    name: 'msi_graph_requests_total',
    help: 'Graph requests by operation and HTTP status (0 = no answer)',
    labelNames: ['operation', 'status'],
    registers: [registry],
    collect() {
      const snapshot = sources.graphStats.snapshot();
      setTotals(
        graphRequests,
        Object.entries(snapshot.byOperation).flatMap(([operation, statuses]) =>
          Object.entries(statuses).map(([status, total]): [Record<string, string>, number] => [
            { operation, status },
            total,
          ]),
        ),
      );
    },
  });
  void graphRequests;

  const throttleWaits: Counter<string> = new Counter({
    name: 'msi_graph_throttle_wait_seconds_total',
    help: 'Seconds spent waiting because Graph answered 429',
    registers: [registry],
    collect() {
      setTotals(throttleWaits, [[{}, sources.graphStats.snapshot().throttleWaitMs / 1000]]);
    },
  });
  void throttleWaits;

  new Gauge({
    name: 'msi_job_queue_depth',
    help: 'Jobs in the durable queue by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const stats = await sources.queue.getQueueStats();
      for (const [status, n] of Object.entries(stats.byStatus)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'msi_job_oldest_pending_age_seconds',
    help: 'Age of the oldest due job still waiting (0 when none)',
    registers: [registry],
    async collect() {
      this.set(((await sources.queue.getQueueStats()).oldestPendingAgeMs ?? 0) / 1000);
    },
  });

  new Gauge({
    name: 'msi_subscription_expiry_seconds',
    help: 'Seconds until each resource’s Graph subscription expires (negative when expired)',
    labelNames: ['resource'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { row, subscription } of await statuses()) {
        if (!subscription?.expires_at) continue;
        this.set(
          { resource: row.email },
          (new Date(subscription.expires_at).getTime() - clock.now().getTime()) / 1000,
        );
      }
    },
  });

  new Gauge({
    name: 'msi_client_secret_days_left',
    help: 'Days until each client’s secret expires, where client_secret_expires is configured',
    labelNames: ['client'],
    registers: [registry],
    collect() {
      for (const client of config.clients) {
        const expiry = secretExpiryOf(client, clock.now());
        if (expiry) this.set({ client: client.name }, expiry.daysLeft);
      }
    },
  });

  new Gauge({
    name: 'msi_client_certificate_days_left',
    help: 'Days until each client’s certificate expires, where its PEM file holds the certificate',
    labelNames: ['client'],
    registers: [registry],
    collect() {
      for (const client of config.clients) {
        const expiry = certificateExpiryOf(client, clock.now());
        if (expiry) this.set({ client: client.name }, expiry.daysLeft);
      }
    },
  });

  new Gauge({
    name: 'msi_mails_missed_by_notifications',
    help: 'Mails found by reconciliation that no notification announced, per resource, ever (a silent subscription shows here)',
    labelNames: ['resource'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { row, health } of await statuses()) {
        if (health.missed.total > 0) this.set({ resource: row.email }, health.missed.total);
      }
    },
  });

  // Histograms cannot be set from totals; observe the new latencies just before each scrape.
  const metrics = registry.metrics.bind(registry);
  registry.metrics = async () => {
    observeLatencies();
    scrape = null;
    try {
      return await metrics();
    } finally {
      scrape = null;
    }
  };
  return registry;
}
