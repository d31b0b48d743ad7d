import {
  createSimulator,
  demoTenant,
  type Simulator,
  type SimulatorOptions,
} from '../../../src/simulator/index.js';
import { migrateToLatest, type Store } from '../../../src/store/index.js';
import { adminCall } from '../admin-call.js';
import { freePort } from '../pipeline/pipeline-harness.js';
import type { ServiceProcessConfig } from './service-process.js';
import { createServiceProcesses, type ServiceProcess } from './service-processes.js';
import type { StoreConnection } from '../test-databases.js';
import { createTicketTable } from './ticket-handler.js';
import { waitFor } from '../wait-for.js';

/** What a cluster needs: the database, opened in this process for checks, and how children reach it. */
export interface ClusterInput {
  store: Store;
  connection: StoreConnection;
  simulator?: SimulatorOptions;
}

/** The simulator in this process and ms-inbox processes around it, all on one database. */
export interface ServiceCluster {
  sim: Simulator;
  simulatorUrl: string;
  /** The port Graph calls by default (PUBLIC_URL); the first `all`/`web` process listens there. */
  publicPort: number;
  publicUrl: string;
  /** Starts an ms-inbox process; defaults: role `all` on the public port, short leases. */
  start(
    config: Partial<ServiceProcessConfig> & { instance: string },
    options?: StartOptions,
  ): Promise<ServiceProcess>;
  /**
   * Adds a resource through the admin API of `webUrl` (webhook target `/inbox/` unless `targets` say otherwise)
   * and waits for its subscription and delta baseline.
   */
  addResource(
    webUrl: string,
    email: string,
    targets?: { webhookTarget: string; recoveryTarget?: string },
  ): Promise<string>;
  /** Kills every process and closes the simulator (the store stays open: the caller owns it). */
  stop(): Promise<void>;
}

type StartOptions = { execArgv?: string[]; readyTimeoutMs?: number };

export { adminCall };

/** Starts the simulator, migrates the database and creates the ticket table; processes start on demand. */
export async function startCluster(input: ClusterInput): Promise<ServiceCluster> {
  await migrateToLatest(input.store);
  await createTicketTable(input.store);
  const sim = createSimulator(input.simulator);
  const { url: simulatorUrl } = await sim.listen({ port: 0, host: '127.0.0.1' });
  const publicPort = await freePort();
  const publicUrl = `http://127.0.0.1:${publicPort}`;
  const processes = createServiceProcesses();

  return {
    sim,
    simulatorUrl,
    publicPort,
    publicUrl,
    start: (config, options) =>
      processes.start(
        {
          role: 'all',
          client: demoTenant,
          port: publicPort,
          publicUrl,
          simulatorUrl,
          databaseUrl: input.connection.databaseUrl,
          dataDir: input.connection.dataDir,
          worker: { pollIntervalMs: 250, leaseMs: 2_000 },
          // A killed process's Graph slots come back as soon as its jobs do.
          graphSlotLeaseMs: 2_000,
          ...config,
        },
        options,
      ),
    async addResource(webUrl, email, targets = { webhookTarget: '/inbox/' }) {
      const added = await adminCall<{ id: string }>(webUrl, 'POST', '/api/resources', {
        clientName: 'demo',
        email,
        ...targets,
      });
      if (added.status !== 201)
        throw new Error(`adding ${email}: ${added.status} ${JSON.stringify(added.body)}`);
      const id = added.body.id;
      await waitFor(
        `a subscription and a delta baseline for ${email}`,
        async () =>
          Boolean(
            await input.store.db
              .selectFrom('delta_links')
              .select('resource_id')
              .where('resource_id', '=', id)
              .executeTakeFirst(),
          ) && sim.control.listSubscriptions().some((s) => s.mailbox.toLowerCase() === email.toLowerCase()),
        { timeoutMs: 60_000, intervalMs: 50 },
      );
      return id;
    },
    async stop() {
      await processes.killAll();
      await sim.close();
    },
  };
}
