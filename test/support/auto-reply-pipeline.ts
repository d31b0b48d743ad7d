import { createGraphDirectory, startService, type RunningService } from '../../src/cli/service.js';
import { parseConfigText } from '../../src/config/index.js';
import {
  createSeedHandlerDirectory,
  type HandlerDirectory,
  type SeedHandlerDirectory,
} from '../../src/handlers/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import {
  createAutoReplies,
  createHelpdeskPlugin,
  createHelpdeskStore,
  defineEndpoint,
  EmailItem,
  processEmail,
  type AutoReplies,
  type HelpdeskStore,
  type LoopRule,
} from '../../src/helpdesk/index.js';
import { createJobQueue, createJobWorker, type JobWorker } from '../../src/jobs/index.js';
import { createSilentLogger, systemClock } from '../../src/shared/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { adminToken, freePort } from './pipeline-harness.js';
import type { TestDatabase } from './test-databases.js';
import { demoClientYaml } from './demo-config.js';

/** A handler as careless as they come: every mail, auto-replies included, becomes a new helpdesk. */
export const carelessPath = '/careless/';

/** The simulator, an ms-inbox service and a worker that runs auto-replies, on one database. */
export interface AutoReplyPipeline {
  sim: Simulator;
  service: RunningService;
  autoReplies: AutoReplies;
  directory: SeedHandlerDirectory;
  helpdesk: HelpdeskStore;
  /** The Graph client of the demo tenant, to read what mailboxes sent. */
  graph: GraphClient;
  /** Calls the admin API with the admin token. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/**
 * Wires auto-replies as `src/cli/service.ts` is to wire them: a web-only service (HTTP, intake, pipeline) plus
 * a worker running the inbox's jobs and `helpdesk.send-auto-reply`, with the handler directory built once the
 * store is open. The built-in `/inbox/` is served, and the careless `/careless/`.
 */
export async function startAutoReplyPipeline(input: {
  database: TestDatabase;
  rules?: readonly LoopRule[];
}): Promise<AutoReplyPipeline> {
  const sim = createSimulator();
  const { url: simUrl } = await sim.listen({ port: 0, host: '127.0.0.1' });
  const probe = await input.database.open();
  const connection = input.database.connectionOf(probe);
  await probe.close();
  const port = await freePort();
  const yaml = demoClientYaml();
  const { config } = parseConfigText(yaml, {
    sourceName: 'test',
    env: {
      MS_INBOX_SIMULATOR_URL: simUrl,
      DATA_DIR: connection.dataDir,
      ...(connection.databaseUrl ? { DATABASE_URL: connection.databaseUrl } : {}),
      MS_INBOX_ADMIN_TOKEN: adminToken,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
    },
  });
  const log = createSilentLogger();
  const clock = systemClock;
  let directory: SeedHandlerDirectory | null = null;
  const lazy: HandlerDirectory = {
    resolve: (target) => directory?.resolve(target) ?? null,
    knownTargets: () => directory?.knownTargets() ?? [],
  };
  const service = await startService({
    config,
    log,
    clock,
    role: 'web',
    host: '127.0.0.1',
    port,
    handlers: lazy,
  });
  const { store } = service;
  const queue = createJobQueue({ store, clock, log });
  const graphFor = createGraphDirectory(config, log);
  const autoReplies = createAutoReplies({
    store,
    queue,
    graphFor,
    clock,
    log,
    sendAttempts: 2,
    ...(input.rules ? { rules: input.rules } : {}),
  });
  const careless = defineEndpoint({
    path: carelessPath,
    notification: async (app, emailData) => {
      const uow = app.unitOfWork();
      await processEmail(app, new EmailItem(emailData), uow, { forceNew: true });
      return uow.commit();
    },
  });
  const helpdesk = createHelpdeskStore({ store, dataDir: config.server.dataDir, clock, autoReplies });
  directory = createSeedHandlerDirectory({
    config,
    log,
    modules: [{ source: 'test', endpoints: [careless] }],
    plugin: createHelpdeskPlugin(helpdesk),
  });
  const worker: JobWorker = createJobWorker({
    store,
    queue,
    handlers: { ...service.inbox.jobHandlers, ...autoReplies.jobHandlers },
    clock,
    log,
    pollIntervalMs: 250,
    leaseMs: 10_000,
    retry: { baseDelayMs: 50, maxDelayMs: 200 },
  });
  await worker.start();
  const url = `http://127.0.0.1:${port}`;
  return {
    sim,
    service,
    autoReplies,
    directory,
    helpdesk,
    graph: graphFor('demo'),
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
    async stop() {
      await worker.stop();
      await service.stop();
      await sim.close();
    },
  };
}
