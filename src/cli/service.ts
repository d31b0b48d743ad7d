import type { FastifyInstance } from 'fastify';
import { createAlerts, type Alerts } from '../alerts/index.js';
import type { AppConfig, ClientConfig } from '../config/index.js';
import { isAppError } from '../errors/index.js';
import {
  createGraphClient,
  createGraphRequestStats,
  type GraphClient,
  type GraphRequestStats,
  type MailboxLimiter,
} from '../graph/index.js';
import { createAutoReplies } from '../helpdesk/index.js';
import {
  createHandlerDirectory,
  type HandlerDirectory,
  type HandlerDirectoryWithHelpdesk,
} from '../handlers/index.js';
import { buildHttpApp, createMetricsRegistry, type ReadinessCheck } from '../http/index.js';
import {
  createInbox,
  createSharedGraphBudget,
  type Inbox,
  type InboxSettings,
  type SharedGraphBudget,
} from '../inbox/index.js';
import {
  createJobQueue,
  createJobWorker,
  createScheduler,
  type JobWorker,
  type Scheduler,
} from '../jobs/index.js';
import type { Clock, Logger } from '../shared/index.js';
import { getMigrationState, migrateToLatest, openStore, pingStore, type Store } from '../store/index.js';

/** Which parts a process runs: the HTTP edge, the workers and scheduler, or both (the default). */
export type ServiceRole = 'all' | 'web' | 'worker';

/** A running ms-inbox process. */
export interface RunningService {
  /** Base URL of the HTTP server, or null for a worker-only process. */
  url: string | null;
  store: Store;
  inbox: Inbox;
  /** PostgreSQL: Graph's per-mailbox limits shared with the other instances; null on SQLite. */
  graphBudget: SharedGraphBudget | null;
  alerts: Alerts;
  stop(): Promise<void>;
}

async function checkReadiness(store: Store): Promise<ReadinessCheck[]> {
  try {
    await pingStore(store);
  } catch (error) {
    return [{ name: 'database', ok: false, message: isAppError(error) ? error.message : 'unreachable' }];
  }
  const database: ReadinessCheck = { name: 'database', ok: true, message: `reachable (${store.dialect})` };
  const { pending, applied } = await getMigrationState(store);
  const migrations: ReadinessCheck =
    pending.length === 0
      ? { name: 'migrations', ok: true, message: `${applied.length} applied, none pending` }
      : { name: 'migrations', ok: false, message: `${pending.length} pending: ${pending.join(', ')}` };
  return [database, migrations];
}

/**
 * Builds one Graph client per configured client, sharing the request counters `stats`; `limiterFor` gives each
 * its per-mailbox limiter (default: in process memory).
 */
export function createGraphDirectory(
  config: AppConfig,
  log: Logger,
  stats: GraphRequestStats = createGraphRequestStats(),
  limiterFor?: (client: ClientConfig) => MailboxLimiter,
): (name: string) => GraphClient {
  const clients = new Map(
    config.clients.map((client) => [
      client.name,
      createGraphClient({
        client,
        log,
        customSelect: config.inbox.customSelect,
        simulatorUrl: config.server.simulatorUrl,
        stats,
        limiter: limiterFor?.(client),
      }),
    ]),
  );
  return (name) => {
    const client = clients.get(name);
    if (!client) throw new Error(`no Graph client "${name}"`);
    return client;
  };
}

/** Composes the modules from the configuration and starts them; `stop()` shuts them down in reverse order. */
export async function startService(input: {
  config: AppConfig;
  log: Logger;
  clock: Clock;
  role: ServiceRole;
  host?: string;
  port?: number;
  handlers?: HandlerDirectory;
  /** Wraps the handler directory (the demo uses it to make one mail fail once). */
  wrapHandlers?: (directory: HandlerDirectory) => HandlerDirectory;
  publicUrl?: string | null;
  inboxSettings?: Partial<InboxSettings>;
  worker?: { concurrency?: number; leaseMs?: number; pollIntervalMs?: number };
  /** PostgreSQL: how long a crashed instance keeps a mailbox's Graph slots (default 30 s). */
  graphSlotLeaseMs?: number;
  /** Cron of the alert evaluation (default every minute). */
  alertsCron?: string;
  /** Counts the SQL this process runs (`store.statementCounts()`); the benchmarks turn it on. */
  countSqlStatements?: boolean;
}): Promise<RunningService> {
  const { config, log, clock, role } = input;
  const store = await openStore({
    databaseUrl: config.server.databaseUrl,
    dataDir: config.server.dataDir,
    log,
    countStatements: input.countSqlStatements,
  });
  const applied = await migrateToLatest(store);
  if (applied.length > 0) log.info({ applied }, 'database migrated');

  const queue = createJobQueue({ store, clock, log });
  const graphStats = createGraphRequestStats();
  // Several instances share one PostgreSQL, so Graph's per-mailbox limits are held there; SQLite is one process.
  const graphBudget =
    store.dialect === 'postgres'
      ? await createSharedGraphBudget({ store, clock, log, leaseMs: input.graphSlotLeaseMs })
      : null;
  const graphFor = createGraphDirectory(
    config,
    log,
    graphStats,
    graphBudget ? (client) => graphBudget.limiterFor(client.clientId) : undefined,
  );
  const autoReplies = createAutoReplies({ store, queue, graphFor, clock, log });
  const directory =
    input.handlers ?? (await createHandlerDirectory({ store, config, log, clock, autoReplies }));
  const handlers = input.wrapHandlers ? input.wrapHandlers(directory) : directory;
  const inbox = createInbox({
    store,
    queue,
    clock,
    log,
    config,
    graphFor,
    handlers,
    publicUrl: input.publicUrl !== undefined ? input.publicUrl : config.server.publicUrl,
    settings: input.inboxSettings,
  });
  const alerts = createAlerts({
    store,
    queue,
    clock,
    log,
    config,
    inbox,
    graphFor,
    evaluateCron: input.alertsCron,
  });

  let worker: JobWorker | null = null;
  let scheduler: Scheduler | null = null;
  if (role !== 'web') {
    const jobHandlers = { ...inbox.jobHandlers, ...autoReplies.jobHandlers, ...alerts.jobHandlers };
    worker = createJobWorker({ store, queue, handlers: jobHandlers, clock, log, ...input.worker });
    await worker.start();
    scheduler = createScheduler({ store, clock, log });
    for (const task of [...inbox.scheduledTasks, ...alerts.scheduledTasks])
      scheduler.schedule(task.name, task.cron, async () => {
        await task.run();
      });
    scheduler.start();
  }

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (role !== 'worker') {
    app = await buildHttpApp({
      log,
      readiness: () => checkReadiness(store),
      inbox,
      adminToken: config.server.adminToken?.reveal() ?? null,
      access: { store, clock, secureCookies: config.server.publicUrl?.startsWith('https:') ?? false },
      alerts,
      helpdesk: 'helpdesk' in directory ? (directory as HandlerDirectoryWithHelpdesk).helpdesk : null,
      metrics: createMetricsRegistry({ inbox, graphStats, queue, store, config, clock }),
    });
    const port = input.port ?? config.server.port;
    await app.listen({ port, host: input.host ?? '0.0.0.0' });
    const address = app.server.address();
    url = `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
  }

  // In the background, so readiness never waits for Graph. Every role queues it (one job per resource, however
  // many instances start): mail that arrived while this process was down may never have been announced.
  const startReconciliation = inbox.reconcileAtStart().then(
    (resources) => log.info({ resources }, 'reconciliation at start queued'),
    (error: unknown) => log.warn({ err: error }, 'reconciliation at start could not be queued'),
  );

  return {
    url,
    store,
    inbox,
    graphBudget,
    alerts,
    async stop() {
      await startReconciliation;
      await app?.close();
      await scheduler?.stop();
      await worker?.stop();
      await graphBudget?.close();
      await store.close();
    },
  };
}
