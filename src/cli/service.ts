import type { FastifyInstance, RouteOptions } from 'fastify';
import { createAlerts, type Alerts } from '../alerts/index.js';
import type { AppConfig } from '../config/index.js';
import { isAppError } from '../errors/index.js';
import { createGraphRequestStats, type GraphClient } from '../graph/index.js';
import { createHandlerDirectory, type HandlerDirectory, type HandlerModule } from '../handlers/index.js';
import {
  autoRepliesNeedMailSend,
  createAutoReplies,
  createHelpdeskPlugin,
  createHelpdeskStore,
  type AutoReplies,
  type AutoRepliesDeps,
  type HelpdeskStore,
} from '../helpdesk/index.js';
import {
  buildHttpApp,
  createAssigneeDirectory,
  createMetricsRegistry,
  type AccessDeps,
  type ReadinessCheck,
} from '../http/index.js';
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
  type JobQueue,
  type JobWorker,
  type JobWorkerOptions,
  type Scheduler,
} from '../jobs/index.js';
import type { Clock, Logger } from '../shared/index.js';
import { getMigrationState, migrateToLatest, openStore, pingStore, type Store } from '../store/index.js';
import { createGraphDirectory } from './graph-directory.js';

/** Which parts a process runs: the HTTP edge, the workers and scheduler, or both (the default). */
export type ServiceRole = 'all' | 'web' | 'worker';

/**
 * What a process is started with: the configuration, and what the demo and the tests replace. Everything
 * optional defaults to what `ms-inbox start` does.
 */
interface ServiceOverrides {
  config: AppConfig;
  log: Logger;
  clock: Clock;
  role: ServiceRole;
  host?: string;
  port?: number;
  /** Listen on `port` (default true); false builds the HTTP app for `app.inject()` only. */
  listen?: boolean;
  /** An open store to use instead of opening `server.database_url`; the caller closes it. */
  store?: Store;
  /** Replaces the handler directory (the helpdesk still serves the admin API). */
  handlers?: HandlerDirectory;
  /** Handler modules served beside those of `server.handlers_dir`, with the helpdesk's app. */
  handlerModules?: readonly HandlerModule[];
  /** Wraps the handler directory (the demo uses it to make one mail fail once). */
  wrapHandlers?: (directory: HandlerDirectory) => HandlerDirectory;
  /** Auto-reply tuning: attempts of the send job, loop-defence rules. */
  autoReplies?: Pick<AutoRepliesDeps, 'sendAttempts' | 'rules'>;
  /** The HTTP edge: what the access guardrail and UI tests look at. */
  http?: {
    access?: Partial<Omit<AccessDeps, 'store' | 'clock'>>;
    webRoot?: string;
    onRoute?: (route: RouteOptions) => void;
  };
  publicUrl?: string | null;
  inboxSettings?: Partial<InboxSettings>;
  worker?: Pick<JobWorkerOptions, 'concurrency' | 'leaseMs' | 'pollIntervalMs' | 'retry'>;
  /** PostgreSQL: how long a crashed instance keeps a mailbox's Graph slots (default 30 s). */
  graphSlotLeaseMs?: number;
  /** Cron of the alert evaluation (default every minute). */
  alertsCron?: string;
  /** Counts the SQL this process runs (`store.statementCounts()`); the benchmarks turn it on. */
  countSqlStatements?: boolean;
  /** Queue the reconciliation of every resource at start (default true). */
  reconcileAtStart?: boolean;
}

/** A running ms-inbox process. */
export interface RunningService {
  /** Base URL of the HTTP server, or null when it does not listen (worker-only, or `listen: false`). */
  url: string | null;
  /** The HTTP app, or null for a worker-only process. */
  app: FastifyInstance | null;
  store: Store;
  queue: JobQueue;
  inbox: Inbox;
  /** The one helpdesk of the process: what handlers commit to and the admin API shows. */
  helpdesk: HelpdeskStore;
  autoReplies: AutoReplies;
  /** The Graph client of a configured client name. */
  graphFor: (clientName: string) => GraphClient;
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
 * The composition root: composes the modules from the configuration and starts them; `stop()` shuts them down
 * in reverse order. `ms-inbox start`, the demo and every test harness that runs the service call it.
 */
export async function startService(input: ServiceOverrides): Promise<RunningService> {
  const { config, log, clock, role } = input;
  const store =
    input.store ??
    (await openStore({
      databaseUrl: config.server.databaseUrl,
      dataDir: config.server.dataDir,
      log,
      countStatements: input.countSqlStatements,
    }));
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
  const autoReplies = createAutoReplies({ store, queue, graphFor, clock, log, ...input.autoReplies });
  // The one helpdesk of the process: handlers get it through the plug-in, the admin API through HTTP. Its
  // assignees are the admin UI's users and groups, which the HTTP edge owns.
  const assignees = createAssigneeDirectory(store);
  const helpdesk = createHelpdeskStore({
    store,
    dataDir: config.server.dataDir,
    clock,
    autoReplies,
    assignees,
  });
  const directory =
    input.handlers ??
    (await createHandlerDirectory({
      config,
      log,
      clock,
      plugin: createHelpdeskPlugin(helpdesk),
      modules: input.handlerModules,
    }));
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
    mailSendNeeded: (clientName) => autoRepliesNeedMailSend(store.db, clientName),
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
      access: {
        store,
        clock,
        secureCookies: config.server.publicUrl?.startsWith('https:') ?? false,
        ...input.http?.access,
      },
      alerts,
      helpdesk,
      assignees,
      metrics: createMetricsRegistry({ inbox, graphStats, queue, store, config, clock }),
      webRoot: input.http?.webRoot,
      onRoute: input.http?.onRoute,
    });
    if (input.listen !== false) {
      const port = input.port ?? config.server.port;
      await app.listen({ port, host: input.host ?? '0.0.0.0' });
      const address = app.server.address();
      url = `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
    }
  }

  // In the background, so readiness never waits for Graph. Every role queues it (one job per resource, however
  // many instances start): mail that arrived while this process was down may never have been announced.
  const startReconciliation =
    input.reconcileAtStart === false
      ? Promise.resolve()
      : inbox.reconcileAtStart().then(
          (resources) => log.info({ resources }, 'reconciliation at start queued'),
          (error: unknown) => log.warn({ err: error }, 'reconciliation at start could not be queued'),
        );

  return {
    url,
    app,
    store,
    queue,
    inbox,
    helpdesk,
    autoReplies,
    graphFor,
    graphBudget,
    alerts,
    async stop() {
      await startReconciliation;
      await app?.close();
      await scheduler?.stop();
      await worker?.stop();
      await graphBudget?.close();
      if (!input.store) await store.close();
    },
  };
}
