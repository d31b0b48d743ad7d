import type { FastifyInstance, RouteOptions } from 'fastify';
import { startService } from '../../../src/cli/service.js';
import { parseConfigText } from '../../../src/config/index.js';
import type { AccessDeps } from '../../../src/http/index.js';
import { createSilentLogger, systemClock } from '../../../src/shared/index.js';
import type { Store } from '../../../src/store/index.js';
import type { TestDatabase } from '../test-databases.js';
import { demoClientYaml } from '../demo-config.js';

/** The admin token of apps built here. */
export const httpAdminToken = 'http-test-admin-token-0123456789';

/**
 * The whole HTTP app (admin API, helpdesk routes, auth, UI) over a real database, for `inject()` tests: the
 * service as `startService` composes it, web role, not listening, with no reconciliation queued at start.
 */
export async function buildAdminHttpApp(input: {
  database: TestDatabase;
  onRoute?: (route: RouteOptions) => void;
  access?: Partial<Omit<AccessDeps, 'store' | 'clock'>>;
  webRoot?: string;
  /** More environment variables for the configuration (e.g. MS_INBOX_HANDLER_SECRET). */
  env?: Record<string, string>;
}): Promise<{ app: FastifyInstance; store: Store }> {
  const store = await input.database.open();
  const { config } = parseConfigText(demoClientYaml(), {
    sourceName: 'test',
    env: {
      DATA_DIR: input.database.connectionOf(store).dataDir,
      MS_INBOX_ADMIN_TOKEN: httpAdminToken,
      LOG_LEVEL: 'silent',
      ...input.env,
    },
  });
  const service = await startService({
    config,
    log: createSilentLogger(),
    clock: systemClock,
    role: 'web',
    listen: false,
    store,
    publicUrl: null,
    reconcileAtStart: false,
    http: {
      access: { secureCookies: false, ...input.access },
      webRoot: input.webRoot,
      onRoute: input.onRoute,
    },
  });
  if (!service.app) throw new Error('a web service has an HTTP app');
  return { app: service.app, store };
}
