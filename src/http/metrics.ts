import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { certificateExpiryOf, secretExpiryOf, type AppConfig } from '../config/index.js';
import type { GraphRequestStats } from '../graph/index.js';
import type { Inbox } from '../inbox/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Clock } from '../shared/index.js';
import type { Store } from '../store/index.js';

/** What `/metrics` reads: the pipeline's counters, Graph's request counts, the queue and the database. */
export interface MetricsSources {
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
  const { inbox, store, config, clock } = sources;
  const resourceEmails = async () =>
    new Map(
      (await store.db.selectFrom('resources').select(['id', 'email']).execute()).map((r) => [r.id, r.email]),
    );

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

  new Gauge({
    name: 'msi_mails',
    help: 'Mails in the ledger by state and resource',
    labelNames: ['state', 'resource'],
    registers: [registry],
    async collect() {
      const emails = await resourceEmails();
      const rows = await store.db
        .selectFrom('messages')
        .select(['resource_id', 'status', store.db.fn.countAll<string | number>().as('n')])
        .groupBy(['resource_id', 'status'])
        .execute();
      this.reset();
      for (const row of rows)
        this.set(
          { state: row.status, resource: emails.get(row.resource_id) ?? row.resource_id },
          Number(row.n),
        );
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
      const emails = await resourceEmails();
      const rows = await store.db
        .selectFrom('resource_subscriptions')
        .select(['resource_id', 'expires_at'])
        .execute();
      this.reset();
      for (const row of rows) {
        if (!row.expires_at) continue;
        this.set(
          { resource: emails.get(row.resource_id) ?? row.resource_id },
          (new Date(row.expires_at).getTime() - clock.now().getTime()) / 1000,
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
    help: 'Mails found by reconciliation that no notification announced, per resource (a silent subscription shows here)',
    labelNames: ['resource'],
    registers: [registry],
    async collect() {
      const emails = await resourceEmails();
      const rows = await store.db
        .selectFrom('inbox_counters')
        .select(['resource_id', 'value'])
        .where('name', '=', 'missed-by-notifications')
        .execute();
      this.reset();
      for (const row of rows)
        this.set({ resource: emails.get(row.resource_id) ?? row.resource_id }, Number(row.value));
    },
  });

  // Histograms cannot be set from totals; observe the new latencies just before each scrape.
  const metrics = registry.metrics.bind(registry);
  registry.metrics = async () => {
    observeLatencies();
    return metrics();
  };
  return registry;
}
