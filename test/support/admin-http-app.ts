import type { FastifyInstance, RouteOptions } from 'fastify';
import { createAlerts } from '../../src/alerts/index.js';
import { createGraphDirectory } from '../../src/cli/service.js';
import { parseConfigText } from '../../src/config/index.js';
import { createHandlerDirectory } from '../../src/handlers/index.js';
import { createHelpdeskPlugin, createHelpdeskStore } from '../../src/helpdesk/index.js';
import { buildHttpApp, type AccessDeps } from '../../src/http/index.js';
import { createInbox } from '../../src/inbox/index.js';
import { createJobQueue } from '../../src/jobs/index.js';
import { createSilentLogger, systemClock } from '../../src/shared/index.js';
import { migrateToLatest, type Store } from '../../src/store/index.js';
import type { TestDatabase } from './test-databases.js';
import { demoClientYaml } from './demo-config.js';

/** The admin token of apps built here. */
export const httpAdminToken = 'http-test-admin-token-0123456789';

/** The whole HTTP app (admin API, helpdesk routes, auth, UI) over a real database, for `inject()` tests. */
export async function buildAdminHttpApp(input: {
  database: TestDatabase;
  onRoute?: (route: RouteOptions) => void;
  access?: Partial<Omit<AccessDeps, 'store' | 'clock'>>;
  webRoot?: string;
  /** More environment variables for the configuration (e.g. MS_INBOX_HANDLER_SECRET). */
  env?: Record<string, string>;
}): Promise<{ app: FastifyInstance; store: Store }> {
  const store = await input.database.open();
  await migrateToLatest(store);
  const log = createSilentLogger();
  const yaml = demoClientYaml();
  const { config } = parseConfigText(yaml, {
    sourceName: 'test',
    env: { DATA_DIR: input.database.connectionOf(store).dataDir, LOG_LEVEL: 'silent', ...input.env },
  });
  const helpdesk = createHelpdeskStore({ store, dataDir: config.server.dataDir, clock: systemClock });
  const handlers = await createHandlerDirectory({
    config,
    log,
    clock: systemClock,
    plugin: createHelpdeskPlugin(helpdesk),
  });
  const queue = createJobQueue({ store, clock: systemClock, log });
  const graphFor = createGraphDirectory(config, log);
  const inbox = createInbox({
    store,
    queue,
    clock: systemClock,
    log,
    config,
    graphFor,
    handlers,
    publicUrl: null,
  });
  const alerts = createAlerts({ store, queue, clock: systemClock, log, config, inbox, graphFor });
  const app = await buildHttpApp({
    log,
    readiness: async () => [],
    inbox,
    helpdesk,
    alerts,
    adminToken: httpAdminToken,
    access: { store, clock: systemClock, secureCookies: false, ...input.access },
    webRoot: input.webRoot,
    onRoute: input.onRoute,
  });
  return { app, store };
}
