import { startService, type RunningService } from '../../../src/cli/service.js';
import { parseConfigText } from '../../../src/config/index.js';
import type { GraphClient } from '../../../src/graph/index.js';
import {
  defineEndpoint,
  EmailItem,
  processEmail,
  type AutoReplies,
  type HelpdeskStore,
  type LoopRule,
} from '../../../src/helpdesk/index.js';
import { createSilentLogger, systemClock } from '../../../src/shared/index.js';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { adminCall } from '../admin-call.js';
import { adminToken, freePort } from './pipeline-harness.js';
import type { TestDatabase } from '../test-databases.js';
import { demoClientYaml } from '../demo-config.js';

/** A handler as careless as they come: every mail, auto-replies included, becomes a new helpdesk. */
export const carelessPath = '/careless/';

/** The simulator and an ms-inbox service whose workers send auto-replies, on one database. */
export interface AutoReplyPipeline {
  sim: Simulator;
  service: RunningService;
  autoReplies: AutoReplies;
  helpdesk: HelpdeskStore;
  /** The Graph client of the demo tenant, to read what mailboxes sent. */
  graph: GraphClient;
  /** Calls the admin API with the admin token. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

const careless = defineEndpoint({
  path: carelessPath,
  notification: async (app, emailData) => {
    const uow = app.unitOfWork();
    await processEmail(app, new EmailItem(emailData), uow, { forceNew: true });
    return uow.commit();
  },
});

/**
 * The service as `startService` composes it, auto-replies included (two send attempts, quick retries), with
 * the built-in `/inbox/` and the careless `/careless/`.
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
  const { config } = parseConfigText(demoClientYaml(), {
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
  const service = await startService({
    config,
    log: createSilentLogger(),
    clock: systemClock,
    role: 'all',
    host: '127.0.0.1',
    port,
    handlerModules: [{ source: 'test', endpoints: [careless] }],
    autoReplies: { sendAttempts: 2, ...(input.rules ? { rules: input.rules } : {}) },
    worker: { pollIntervalMs: 250, leaseMs: 10_000, retry: { baseDelayMs: 50, maxDelayMs: 200 } },
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    sim,
    service,
    autoReplies: service.autoReplies,
    helpdesk: service.helpdesk,
    graph: service.graphFor('demo'),
    api: <T>(method: string, path: string, body?: unknown) => adminCall<T>(url, method, path, body),
    async stop() {
      await service.stop();
      await sim.close();
    },
  };
}
