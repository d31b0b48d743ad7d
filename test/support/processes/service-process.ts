/**
 * An ms-inbox service in its own OS process (what `ms-inbox start` composes), with the ticket handler at
 * `/inbox/`. Started by `service-processes.ts` with one JSON argument; says `{ type: 'ready' }` over IPC,
 * answers `{ type: 'stats' }` with its memory and counters, stops gracefully on `{ type: 'stop' }`, and exits
 * when its parent goes away (so a SIGKILLed test run leaves nothing behind).
 */
import { startService, type ServiceRole } from '../../../src/cli/service.js';
import { createExternalHandler, createStaticHandlerDirectory } from '../../../src/handlers/index.js';
import type { InboxSettings } from '../../../src/inbox/index.js';
import { createLogger, systemClock } from '../../../src/shared/index.js';
import type { StatementCounts } from '../../../src/store/index.js';
import { demoServiceConfig, type DemoClient } from '../demo-config.js';
import { createTicketHandler } from './ticket-handler.js';
import { loopbackEgress } from '../handlers/loopback-egress.js';

/** The JSON argument of this program. */
export interface ServiceProcessConfig {
  instance: string;
  role: ServiceRole;
  client: DemoClient;
  databaseUrl: string | null;
  dataDir: string;
  simulatorUrl: string;
  /** What Graph calls (this process, or a proxy in front of several). */
  publicUrl: string;
  /** Port of this process's HTTP server (ignored for role `worker`). */
  port: number;
  worker?: { concurrency?: number; leaseMs?: number; pollIntervalMs?: number };
  /** PostgreSQL: how long a killed process keeps a mailbox's Graph slots. */
  graphSlotLeaseMs?: number;
  settings?: Partial<InboxSettings>;
  readAttachments?: boolean;
  /** Samples RSS this often to report the peak (default 50 ms). */
  rssSampleMs?: number;
  logLevel?: string;
  /** External (http) handlers resources may name besides `/inbox/`, signed with `secret`. */
  externalHandlers?: { secret: string; urls: string[] };
  /** Counts the SQL the process runs (reported as `sql` in its stats). */
  countSqlStatements?: boolean;
}

/** What the process reports when asked for stats. */
export interface ServiceProcessStats {
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  latenciesMs: number[];
  graph: { roundTrips: number; operations: number; byOperation: Record<string, Record<string, number>> };
  /** PostgreSQL: Graph requests granted by the shared budget and the SQL statements spent on them. */
  graphBudget: { requests: number; statements: number } | null;
  /** With `countSqlStatements`: the SQL run since the process started. */
  sql: StatementCounts | null;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ServiceProcessConfig;
const log = createLogger({ level: config.logLevel ?? 'silent' });
const demo = demoServiceConfig(config);
const service = await startService({
  // External handlers run on this machine in tests: loopback is allowed, as `server.egress_allow: [127.0.0.1]`.
  config: config.externalHandlers
    ? { ...demo, server: { ...demo.server, egress: { allowPrivate: false, allow: ['127.0.0.1'] } } }
    : demo,
  log,
  clock: systemClock,
  role: config.role,
  host: '127.0.0.1',
  port: config.port,
  handlers: createStaticHandlerDirectory({
    '/inbox/': createTicketHandler({ instance: config.instance, readAttachments: config.readAttachments }),
    ...Object.fromEntries(
      (config.externalHandlers?.urls ?? []).map((url) => [
        url,
        createExternalHandler({
          url,
          secrets: { current: config.externalHandlers?.secret ?? '', previous: null },
          caPem: null,
          egress: loopbackEgress,
          log,
        }),
      ]),
    ),
  }),
  inboxSettings: config.settings,
  worker: config.worker,
  graphSlotLeaseMs: config.graphSlotLeaseMs,
  countSqlStatements: config.countSqlStatements,
});

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, config.rssSampleMs ?? 50);
sampler.unref();

const stats = (): ServiceProcessStats => {
  const graph = service.inbox.deps.graphFor('demo').stats.snapshot();
  return {
    rssBytes: process.memoryUsage.rss(),
    peakRssBytes: peakRss,
    heapUsedBytes: process.memoryUsage().heapUsed,
    latenciesMs: [...service.inbox.metrics.latenciesMs],
    graph: { roundTrips: graph.roundTrips, operations: graph.operations, byOperation: graph.byOperation },
    graphBudget: service.graphBudget?.stats() ?? null,
    sql: service.store.statementCounts(),
  };
};

process.on('disconnect', () => process.exit(1));
process.on('message', (message: { type?: string; id?: number }) => {
  if (message.type === 'stats') {
    process.send?.({ type: 'stats', id: message.id, stats: stats() });
  } else if (message.type === 'reset-peak') {
    peakRss = process.memoryUsage.rss();
    process.send?.({ type: 'reset-peak', id: message.id });
  } else if (message.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'gc', id: message.id });
  } else if (message.type === 'stop') {
    clearInterval(sampler);
    void service.stop().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', url: service.url });
