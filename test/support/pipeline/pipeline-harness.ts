import { createServer } from 'node:net';
import { parseConfigText } from '../../../src/config/index.js';
import { createStaticHandlerDirectory, type MailHandler } from '../../../src/handlers/index.js';
import type { InboxSettings, ResourceView } from '../../../src/inbox/index.js';
import { createSilentLogger, systemClock, type Clock } from '../../../src/shared/index.js';
import {
  createSimulator,
  demoTenant,
  type Simulator,
  type SimulatorOptions,
} from '../../../src/simulator/index.js';
import { startService as launchService, type RunningService } from '../../../src/cli/service.js';
import type { TestDatabase } from '../test-databases.js';
import { adminCall } from '../admin-call.js';
import { waitFor } from '../wait-for.js';
import { demoClientYaml, serviceAdminToken } from '../demo-config.js';

/** The demo mailboxes of the simulator. */
export const supportAddress = `support@${demoTenant.domain}`;
export const salesAddress = `sales@${demoTenant.domain}`;
export const adminToken = serviceAdminToken;

/** A free TCP port on 127.0.0.1 (so PUBLIC_URL is known before the service starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A running simulator plus an ms-inbox process on one real database, wired as in production. */
export interface PipelineHarness {
  sim: Simulator;
  /** The running service (a new one after `startService`). */
  readonly service: RunningService;
  url: string;
  /** The service's data dir (helpdesk documents live under it). */
  dataDir: string;
  /** Stops ms-inbox only: the simulator keeps its mailboxes and subscriptions, the database stays. */
  stopService(): Promise<void>;
  /**
   * Starts ms-inbox again over the same database, port and configuration (after `stopService`); `extraYaml`
   * replaces the client lines given to `startPipeline` (a renewed secret, say).
   */
  startService(options?: { extraYaml?: string }): Promise<void>;
  /** Adds a resource of client `demo` and waits for its first reconciliation's delta baseline. */
  watch(email: string, webhookTarget?: string): Promise<ResourceView>;
  /** Calls the admin API with the admin token. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** Starts the simulator's demo tenant and ms-inbox against it, with the given handlers. */
export async function startPipeline(input: {
  database: TestDatabase;
  /** Plain handlers by endpoint path; the built-in directory (the seed's default `/inbox/`) when omitted. */
  handlers?: Record<string, MailHandler>;
  /** More environment variables for the configuration (e.g. MS_INBOX_HANDLERS_DIR). */
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  settings?: Partial<InboxSettings>;
  extraYaml?: string;
  clock?: Clock;
}): Promise<PipelineHarness> {
  const sim = createSimulator(input.simulator);
  const { url: simUrl } = await sim.listen({ port: 0, host: '127.0.0.1' });
  const probe = await input.database.open();
  const connection = input.database.connectionOf(probe);
  await probe.close();
  const port = await freePort();
  const configOf = (extraYaml: string | undefined) => {
    const yaml = demoClientYaml(extraYaml);
    return parseConfigText(yaml, {
      sourceName: 'test',
      env: {
        MS_INBOX_SIMULATOR_URL: simUrl,
        DATA_DIR: connection.dataDir,
        ...(connection.databaseUrl ? { DATABASE_URL: connection.databaseUrl } : {}),
        MS_INBOX_ADMIN_TOKEN: adminToken,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'silent',
        ...input.env,
      },
    });
  };
  let config = configOf(input.extraYaml).config;
  const launch = () =>
    launchService({
      config,
      log: createSilentLogger(),
      clock: input.clock ?? systemClock,
      role: 'all',
      host: '127.0.0.1',
      port,
      handlers: input.handlers ? createStaticHandlerDirectory(input.handlers) : undefined,
      inboxSettings: input.settings,
      worker: { pollIntervalMs: 250, leaseMs: 10_000 },
    });
  let service = await launch();
  let running = true;
  const url = `http://127.0.0.1:${port}`;
  const harness: PipelineHarness = {
    sim,
    get service() {
      return service;
    },
    url,
    dataDir: connection.dataDir,
    async stopService() {
      running = false;
      await service.stop();
    },
    async startService(options = {}) {
      if (options.extraYaml !== undefined) config = configOf(options.extraYaml).config;
      service = await launch();
      running = true;
    },
    async watch(email, webhookTarget = '/inbox/') {
      const resource = (
        await harness.api<ResourceView>('POST', '/api/resources', {
          clientName: 'demo',
          email,
          webhookTarget,
        })
      ).body;
      await waitFor('the delta baseline', async () =>
        Boolean(
          await service.store.db
            .selectFrom('delta_links')
            .select('resource_id')
            .where('resource_id', '=', resource.id)
            .executeTakeFirst(),
        ),
      );
      return resource;
    },
    api: <T>(method: string, path: string, body?: unknown) => adminCall<T>(url, method, path, body),
    async stop() {
      if (running) await service.stop();
      await sim.close();
    },
  };
  return harness;
}

/** Adds a resource for `email` of the demo client and waits for its subscription and its delta baseline. */
export async function watchMailbox(harness: PipelineHarness, email: string): Promise<ResourceView> {
  const added = await harness.api<ResourceView>('POST', '/api/resources', {
    clientName: 'demo',
    email,
    webhookTarget: '/inbox/',
  });
  if (added.status !== 201 && added.status !== 200) {
    throw new Error(`adding ${email} answered ${added.status}: ${JSON.stringify(added.body)}`);
  }
  const resource = added.body;
  await waitFor('an active subscription', () =>
    harness.sim.control.listSubscriptions().some((s) => s.resource.includes(email)),
  );
  // The first reconciliation sets the delta baseline; waiting for it keeps it from racing later deliveries.
  await waitFor('the delta baseline', async () =>
    Boolean(
      await harness.service.store.db
        .selectFrom('delta_links')
        .select('resource_id')
        .where('resource_id', '=', resource.id)
        .executeTakeFirst(),
    ),
  );
  return resource;
}
