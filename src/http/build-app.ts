import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { HelpdeskStore } from '../helpdesk/index.js';
import type { Inbox } from '../inbox/index.js';
import type { Logger } from '../shared/index.js';
import { registerAdminApi } from './admin/index.js';
import { installErrorHandling } from './error-handler.js';
import { registerGraphRoutes } from './graph-routes.js';
import { registerHealthRoutes, type ReadinessProbe } from './health-routes.js';

/** What the HTTP edge needs from the rest of the service. */
export interface HttpDeps {
  log: Logger;
  readiness: ReadinessProbe;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes?: number;
  /** The pipeline; without it only health routes exist (a worker-only process has no edge). */
  inbox?: Inbox;
  /** Bearer token of the admin API; null locks the admin API. */
  adminToken?: string | null;
  /** The built-in helpdesk, for its admin routes. */
  helpdesk?: HelpdeskStore | null;
}

/** Builds the Fastify app without listening, so tests can `inject()` and `main` can `listen()`. */
export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request lines would double the cost of the notification hot path; errors are logged by our handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
  });
  installErrorHandling(app);
  registerHealthRoutes(app, { readiness: deps.readiness });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  if (deps.inbox) {
    registerGraphRoutes(app, { notifications: deps.inbox.intake, lifecycle: deps.inbox.lifecycle });
    await registerAdminApi(app, {
      inbox: deps.inbox,
      adminToken: deps.adminToken ?? null,
      helpdesk: deps.helpdesk ?? null,
    });
  }
  return app;
}
